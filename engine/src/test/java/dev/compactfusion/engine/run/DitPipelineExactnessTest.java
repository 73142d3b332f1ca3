package dev.compactfusion.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.Device;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.generate.FamilyOptions;
import dev.compactfusion.models.generate.GenerationRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diffusers DiT family on the engine's one generation path, against the independent PyTorch
 * reference: the tiny DiTPipeline folder from the reference's own starting latents, 4 steps,
 * guidance 4. Serial runs reproduce the reference's final latents (1e-4 of their largest
 * magnitude) and decoded image (1e-4 absolute); every exact strategy equals serial within 1e-4.
 */
class DitPipelineExactnessTest {
  private static final int STEPS = 4;
  private static final float GUIDANCE = 4f;
  private static final LaunchOptions THREADS = LaunchOptions.threads(Duration.ofSeconds(60));
  private static final Map<String, RunResult> SERIAL = new ConcurrentHashMap<>();

  @TempDir static Path dir;
  private static String latents0;
  private static String latents1;

  @BeforeAll
  static void writeLatents() {
    latents0 = DitFolders.latentsFile(dir, 0);
    latents1 = DitFolders.latentsFile(dir, 1);
  }

  private static GenerationRequest request(int row, String scheduler, Integer guidedChannels) {
    int classIndex = row == 0 ? 207 : 360;
    return new GenerationRequest(DitFolders.tiny(), "", 0, STEPS, GUIDANCE,
        new FamilyOptions(classIndex, scheduler, guidedChannels, row == 0 ? latents0 : latents1));
  }

  private static RunResult run(GenerationRequest request, ParallelPlan plan) {
    return ParallelGeneration.run(new GenerationJob(request, plan), THREADS);
  }

  private static RunResult serial(String scheduler) {
    return SERIAL.computeIfAbsent(scheduler, s -> run(request(0, s, null), ParallelPlan.serial()));
  }

  @ParameterizedTest(name = "{0} row {1}")
  @CsvSource({"ddim, 0, ddim.final", "ddim, 1, ddim.final", "dpm-solver++, 0, dpm.final", "dpm-solver++, 1, dpm.final",
      "euler, 0, euler.final", "euler, 1, euler.final"})
  void serialRunReproducesTheReferenceLatents(String scheduler, int row, String reference) {
    RunResult result = row == 0 ? serial(scheduler) : run(request(row, scheduler, null), ParallelPlan.serial());
    double error = DitFolders.relative(DitFolders.LAYOUT.unpatchify(result.tokens()), DitFolders.row(reference, row));
    System.out.printf("DiT folder serial %s row %d: relative error %.2e%n", scheduler, row, error);
    assertThat(error).isLessThanOrEqualTo(1e-4);
  }

  @Test
  void originalRepositorysThreeChannelRuleReproducesTheReference() {
    RunResult result = run(request(0, "ddim", 3), ParallelPlan.serial());
    double error = DitFolders.relative(DitFolders.LAYOUT.unpatchify(result.tokens()),
        DitFolders.row("ddim.final_3channel", 0));
    System.out.printf("DiT folder serial ddim 3-channel: relative error %.2e%n", error);
    assertThat(error).isLessThanOrEqualTo(1e-4);
    assertThat(DitFolders.relative(DitFolders.LAYOUT.unpatchify(result.tokens()), DitFolders.row("ddim.final", 0)))
        .as("the 3-channel rule differs from diffusers'").isGreaterThan(1e-3);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ddim, ddim.image", "dpm-solver++, dpm.image", "euler, euler.image"})
  void serialRunDecodesTheReferenceImage(String scheduler, String reference) {
    RunResult result = serial(scheduler);
    float[] chw = DitFolders.output(reference);
    assertThat(result.frames().width()).isEqualTo(16);
    assertThat(result.frames().height()).isEqualTo(16);
    float[] hwc = new float[chw.length];
    int pixels = 16 * 16;
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < pixels; p++) {
        hwc[p * 3 + c] = chw[c * pixels + p];
      }
    }
    double error = DitFolders.maxAbs(result.frames().rgb(), hwc);
    System.out.printf("DiT folder serial %s image: max abs error %.2e%n", scheduler, error);
    assertThat(error).isLessThanOrEqualTo(1e-4);
  }

  static Stream<Arguments> plans() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int workers : new int[] {2, 3, 4}) {
      b.add(Arguments.of("patch", workers, 0, 0, false));
      b.add(Arguments.of("ring", workers, 0, 0, false));
    }
    b.add(Arguments.of("ulysses", 2, 0, 0, false));
    b.add(Arguments.of("usp", 2, 2, 1, false));
    b.add(Arguments.of("usp", 3, 1, 3, false));
    b.add(Arguments.of("usp", 4, 2, 2, false));
    b.add(Arguments.of("serial", 2, 0, 0, true));
    b.add(Arguments.of("patch", 4, 0, 0, true));
    b.add(Arguments.of("ulysses", 4, 0, 0, true));
    return b.build();
  }

  @ParameterizedTest(name = "{0} x{1} u={2} r={3} cfg={4}")
  @MethodSource("plans")
  void everyExactStrategyEqualsSerial(String strategy, int workers, int ulysses, int ring, boolean cfg) {
    ParallelPlan plan = ParallelPlan.of(Strategy.parse(strategy), workers, ulysses, ring, cfg,
        ParallelPlan.Compression.NONE);
    RunResult result = run(request(0, "ddim", null), plan);
    RunResult expected = serial("ddim");
    double latents = DitFolders.maxAbs(result.tokens(), expected.tokens());
    double pixels = DitFolders.maxAbs(result.frames().rgb(), expected.frames().rgb());
    System.out.printf("DiT folder %s x%d u=%d r=%d cfg=%s vs serial: latents %.2e, pixels %.2e%n", strategy, workers,
        ulysses, ring, cfg, latents, pixels);
    assertThat(latents).isLessThanOrEqualTo(1e-4);
    assertThat(pixels).isLessThanOrEqualTo(1e-4);
    assertThat(result.stats().bytesRaw()).isPositive();
    assertThat(result.stats().workers()).hasSize(workers);
  }

  /** Euler scales the start and the model input on each worker's slice; split runs still follow serial. */
  @ParameterizedTest(name = "euler {0} x{1} cfg={2}")
  @CsvSource({"patch, 2, false", "ring, 3, false", "serial, 2, true"})
  void eulerSplitRunsEqualSerial(String strategy, int workers, boolean cfg) {
    ParallelPlan plan = ParallelPlan.of(Strategy.parse(strategy), workers, 0, 0, cfg, ParallelPlan.Compression.NONE);
    RunResult result = run(request(0, "euler", null), plan);
    double latents = DitFolders.relative(result.tokens(), serial("euler").tokens());
    System.out.printf("DiT folder euler %s x%d cfg=%s vs serial: latents %.2e relative%n", strategy, workers, cfg,
        latents);
    assertThat(latents).isLessThanOrEqualTo(1e-4);
  }

  /**
   * PipeFusion through the family's stages, one block per stage: with one patch every step is
   * synchronous, and with every step a warmup step two patches read no stale K,V either; both
   * equal serial within 1e-4, on one pipeline or on one per cfg branch (2 x 2 workers).
   */
  @ParameterizedTest(name = "M = {0}, warmup {1}, cfg {2}")
  @CsvSource({"1, 1, false", "2, " + STEPS + ", false", "1, 1, true", "2, " + STEPS + ", true"})
  void pipeFusionOnTwoStagesEqualsSerial(int patches, int warmup, boolean cfg) {
    ParallelPlan plan = new ParallelPlan(Strategy.PIPEFUSION, cfg ? 4 : 2, ParallelPlan.SequenceGroups.DERIVED, cfg,
        ParallelPlan.Compression.parse("none", "ef", warmup), Device.CPU, patches);
    RunResult result = run(request(0, "ddim", null), plan);
    RunResult expected = serial("ddim");
    double latents = DitFolders.maxAbs(result.tokens(), expected.tokens());
    double pixels = DitFolders.maxAbs(result.frames().rgb(), expected.frames().rgb());
    System.out.printf("DiT folder %s warmup %d vs serial: latents %.2e, pixels %.2e%n", plan.label(), warmup,
        latents, pixels);
    assertThat(latents).isLessThanOrEqualTo(1e-4);
    assertThat(pixels).isLessThanOrEqualTo(1e-4);
    assertThat(result.stats().bytesSent()).isPositive();
  }

  /**
   * A stage holds its block's {@code transformer_blocks.i.*} (that block's copy of the timestep
   * MLP and class table is the one it keeps), {@code pos_embed} on the first stage and
   * {@code proj_out_*} on the last; serial holds every tensor but the other blocks' duplicate
   * conditioning copies. Expected bytes come from the file's header.
   */
  @Test
  void eachPipeFusionStageHoldsOnlyItsBlock() {
    Path file = Path.of(DitFolders.tiny(), "transformer", "diffusion_pytorch_model.safetensors");
    long[] held = run(request(0, "ddim", null), ParallelPlan.pipeFusion(2, 1, ParallelPlan.Compression.NONE)).stats()
        .workers().stream().mapToLong(w -> w.weightBytes()).toArray();
    long embedding = HeaderBytes.fp32Bytes(file, n -> n.startsWith("pos_embed."));
    long finalLayer = HeaderBytes.fp32Bytes(file, n -> n.startsWith("proj_out_"));
    long block0 = HeaderBytes.fp32Bytes(file, n -> PipeFusionTest.inBlocks(n, "transformer_blocks.", 0, 1));
    long block1 = HeaderBytes.fp32Bytes(file, n -> PipeFusionTest.inBlocks(n, "transformer_blocks.", 1, 2));
    long copy1 = HeaderBytes.fp32Bytes(file, n -> n.startsWith("transformer_blocks.1.norm1.emb."));
    System.out.printf("DiT folder pipefusion2 resident weight bytes per worker: %s (serial %d)%n",
        java.util.Arrays.toString(held), serial("ddim").stats().workers().get(0).weightBytes());
    assertThat(held).containsExactly(block0 + embedding, block1 + finalLayer);
    assertThat(held[0] + held[1] - embedding - finalLayer).isEqualTo(block0 + block1);
    assertThat(serial("ddim").stats().workers().get(0).weightBytes())
        .isEqualTo(HeaderBytes.fp32Bytes(file, n -> true) - copy1);
  }

  /**
   * Over two worker processes (tcp) the spawned worker takes part in the VAE decode through
   * WorkerService, and the image still equals the serial run's.
   */
  @Test
  void ditFolderOverTwoProcessesDecodesOnBothAndEqualsSerial() {
    ParallelPlan plan = ParallelPlan.of(Strategy.PATCH, 2, 0, 0, false, ParallelPlan.Compression.NONE);
    RunResult result = ParallelGeneration.run(new GenerationJob(request(0, "ddim", null), plan),
        LaunchOptions.procs(Duration.ofSeconds(90)));
    double pixels = DitFolders.maxAbs(result.frames().rgb(), serial("ddim").frames().rgb());
    System.out.printf("DiT folder patch x2 over processes vs serial: pixels %.2e%n", pixels);
    assertThat(pixels).isLessThanOrEqualTo(1e-4);
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @ParameterizedTest(name = "ulysses x{0}")
  @CsvSource({"3", "4"})
  void ulyssesBeyondTheTwoHeadsFailsNamingTheHeads(int workers) {
    ParallelPlan plan = ParallelPlan.of(Strategy.ULYSSES, workers, 0, 0, false, ParallelPlan.Compression.NONE);
    assertThatThrownBy(() -> run(request(0, "ddim", null), plan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 2 attention heads")
        .hasMessageContaining("use at most 2");
  }

  @Test
  void staleStrategiesRunThroughTheSameHook() {
    for (String strategy : new String[] {"distrifusion", "compact-async"}) {
      ParallelPlan.Compression compression = strategy.equals("compact-async")
          ? ParallelPlan.Compression.parse("1bit", "ef", 1)
          : ParallelPlan.Compression.NONE;
      RunResult result = run(request(0, "ddim", null), ParallelPlan.of(Strategy.parse(strategy), 2, 0, 0, false,
          compression));
      double latents = DitFolders.maxAbs(result.tokens(), serial("ddim").tokens());
      System.out.printf("DiT folder %s x2 vs serial: latents %.2e%n", strategy, latents);
      assertThat(latents).isFinite();
      assertThat(result.stats().bytesSent()).isPositive();
    }
  }
}
