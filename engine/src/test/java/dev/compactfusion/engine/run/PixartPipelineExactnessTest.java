package dev.compactfusion.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.Device;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.pool.WarmPool;
import dev.compactfusion.engine.stats.RunStats;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.engine.worker.Worker;
import dev.compactfusion.models.diffusers.pipeline.PatchLayout;
import dev.compactfusion.models.diffusers.pipeline.PromptEmbeds;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.models.generate.FamilyOptions;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.LatentsFile;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import dev.compactfusion.models.sampling.StepListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PixArt-α family on the engine's one generation path, against the independent PyTorch
 * reference (tools/reference/make_pixart_fixtures.py): the tiny PixArtAlphaPipeline folder from
 * the reference's latents and prompt embeddings, 4 DPM-Solver++ steps, guidance 4.5. Serial
 * reproduces the reference's final latents (1e-4 of their largest magnitude) and image; every
 * exact strategy equals serial within 1e-4 relative; only self-attention keys and values cross the
 * wire (the bytes equal the DiT folder's of the same trunk on the same plan).
 */
class PixartPipelineExactnessTest {
  private static final int STEPS = 4;
  private static final float GUIDANCE = 4.5f;
  private static final String PROMPT = "a red cat sitting on the mat";
  private static final LaunchOptions THREADS = LaunchOptions.threads(Duration.ofSeconds(60));
  private static final Path OUTPUTS = DitFolders.REFERENCE.resolve("pixart-outputs.safetensors");
  private static final PatchLayout LAYOUT = new PatchLayout(4, 8, 2, 8);

  @TempDir static Path dir;
  private static String latents;
  private static String embeds;
  private static RunResult serial;

  @BeforeAll
  static void writeInputs() throws IOException {
    Path l = Files.createTempFile(dir, "latents-", ".safetensors");
    LatentsFile.write(l, output("run.latents"), LAYOUT);
    latents = l.toString();
    embeds = writeRunEmbeds(dir).toString();
    serial = run(fromEmbeds(), ParallelPlan.serial());
  }

  /** The reference run's prompt and negative-prompt embeddings (120 tokens × 32) as an embeddings file in {@code dir}. */
  static Path writeRunEmbeds(Path dir) throws IOException {
    float[] all = output("run.prompt_embeds");
    float[] masks = output("run.attention_mask");
    int tokens = 120;
    int width = 32;
    int values = tokens * width;
    Path e = Files.createTempFile(dir, "embeds-", ".safetensors");
    new PromptEmbeds(tokens, width, Arrays.copyOfRange(all, values, 2 * values), Arrays.copyOfRange(masks, tokens,
        2 * tokens), Arrays.copyOfRange(all, 0, values), Arrays.copyOfRange(masks, 0, tokens)).write(e);
    return e;
  }

  static String tiny() {
    return DitFolders.REFERENCE.resolve("pixart-tiny").toString();
  }

  static float[] output(String name) {
    return MappedSafetensors.open(OUTPUTS).tensor(name).data();
  }

  private static GenerationRequest fromEmbeds() {
    return new GenerationRequest(tiny(), "", 0, STEPS, GUIDANCE,
        new FamilyOptions(null, null, null, latents, null, embeds));
  }

  static RunResult run(GenerationRequest request, ParallelPlan plan) {
    return ParallelGeneration.run(new GenerationJob(request, plan), THREADS);
  }

  @Test
  void serialRunFromGivenEmbeddingsReproducesTheReference() {
    double error = DitFolders.relative(LAYOUT.unpatchify(serial.tokens()), output("run.final"));
    System.out.printf("PixArt folder serial from embeddings: relative error %.2e%n", error);
    assertThat(error).isLessThanOrEqualTo(1e-4);
  }

  /** The prompt through the folder's tokenizer and T5 encoder lands on the same latents. */
  @Test
  void serialRunFromThePromptReproducesTheReference() {
    RunResult result = run(new GenerationRequest(tiny(), PROMPT, 0, STEPS, GUIDANCE,
        new FamilyOptions(null, null, null, latents)), ParallelPlan.serial());
    double error = DitFolders.relative(LAYOUT.unpatchify(result.tokens()), output("run.final"));
    System.out.printf("PixArt folder serial from the prompt: relative error %.2e%n", error);
    assertThat(error).isLessThanOrEqualTo(1e-4);
  }

  /**
   * The PixArtSigmaPipeline folder (same weights, 300-token prompts, the SDXL VAE's scaling
   * factor): the prompt through tokenizer and T5 and the decode match its own reference, on
   * serial and on ulysses x 2.
   */
  @ParameterizedTest(name = "{0} x{1}")
  @CsvSource({"serial, 1", "ulysses, 2"})
  void sigmaFolderRunFromThePromptReproducesItsReference(String strategy, int workers) {
    ParallelPlan plan = strategy.equals("serial") ? ParallelPlan.serial()
        : ParallelPlan.of(Strategy.parse(strategy), workers, 0, 0, false, ParallelPlan.Compression.NONE);
    String sigma = DitFolders.REFERENCE.resolve("pixart-sigma-tiny").toString();
    RunResult result = run(new GenerationRequest(sigma, PROMPT, 0, STEPS, GUIDANCE,
        new FamilyOptions(null, null, null, latents)), plan);
    Path outputs = DitFolders.REFERENCE.resolve("pixart-sigma-outputs.safetensors");
    double error = DitFolders.relative(LAYOUT.unpatchify(result.tokens()),
        MappedSafetensors.open(outputs).tensor("sigma.final").data());
    double pixels = DitFolders.maxAbs(result.frames().rgb(),
        channelsLast(MappedSafetensors.open(outputs).tensor("sigma.image").data()));
    System.out.printf("PixArt-Σ folder %s x%d from the prompt: relative error %.2e, image %.2e%n", strategy, workers,
        error, pixels);
    assertThat(error).isLessThanOrEqualTo(1e-4);
    assertThat(pixels).isLessThanOrEqualTo(1e-4);
  }

  static float[] channelsLast(float[] chw) {
    int pixels = chw.length / 3;
    float[] hwc = new float[chw.length];
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < pixels; p++) {
        hwc[p * 3 + c] = chw[c * pixels + p];
      }
    }
    return hwc;
  }

  @Test
  void serialRunDecodesTheReferenceImage() {
    double error = DitFolders.maxAbs(serial.frames().rgb(), channelsLast(output("run.image")));
    System.out.printf("PixArt folder serial image: max abs error %.2e%n", error);
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
    b.add(Arguments.of("ulysses", 4, 0, 0, true));
    return b.build();
  }

  @ParameterizedTest(name = "{0} x{1} u={2} r={3} cfg={4}")
  @MethodSource("plans")
  void everyExactStrategyEqualsSerial(String strategy, int workers, int ulysses, int ring, boolean cfg) {
    ParallelPlan plan = ParallelPlan.of(Strategy.parse(strategy), workers, ulysses, ring, cfg,
        ParallelPlan.Compression.NONE);
    RunResult result = run(fromEmbeds(), plan);
    double latents = DitFolders.relative(result.tokens(), serial.tokens());
    double pixels = DitFolders.maxAbs(result.frames().rgb(), serial.frames().rgb());
    System.out.printf("PixArt folder %s x%d u=%d r=%d cfg=%s vs serial: latents %.2e relative, pixels %.2e%n",
        strategy, workers, ulysses, ring, cfg, latents, pixels);
    assertThat(latents).isLessThanOrEqualTo(1e-4);
    assertThat(pixels).isLessThanOrEqualTo(1e-4);
    assertThat(result.stats().workers()).hasSize(workers);
  }

  /** PipeFusion through the family's stages, one block per stage, one patch: every step synchronous. */
  @Test
  void pipeFusionOnTwoStagesEqualsSerial() {
    ParallelPlan plan = new ParallelPlan(Strategy.PIPEFUSION, 2, ParallelPlan.SequenceGroups.DERIVED, false,
        ParallelPlan.Compression.parse("none", "ef", 1), Device.CPU, 1);
    double latents = DitFolders.relative(run(fromEmbeds(), plan).tokens(), serial.tokens());
    System.out.printf("PixArt folder %s vs serial: latents %.2e relative%n", plan.label(), latents);
    assertThat(latents).isLessThanOrEqualTo(1e-4);
  }

  /**
   * The prompt is encoded at load, so a warm pool must not serve a new prompt with the old
   * embeddings: each request gives what its one-shot run gives.
   */
  @Test
  void aWarmPoolServesEachPromptAsItsOneShotRun() {
    ParallelPlan plan = ParallelPlan.of(Strategy.PATCH, 2, 0, 0, false, ParallelPlan.Compression.NONE);
    FamilyOptions options = new FamilyOptions(null, null, null, latents);
    GenerationRequest first = new GenerationRequest(tiny(), PROMPT, 0, 2, GUIDANCE, options);
    try (WarmPool pool = WarmPool.start(new GenerationJob(first, plan), THREADS)) {
      for (String prompt : new String[] {"a blue dog", PROMPT}) {
        GenerationRequest request = new GenerationRequest(tiny(), prompt, 0, 2, GUIDANCE, options);
        RunResult warm = pool.generate(request, StepListener.NONE);
        assertThat(warm.tokens()).as(prompt).isEqualTo(run(request, plan).tokens());
      }
    }
  }

  /**
   * Only rank 0 runs the text encoder: the others load with its embeddings (sent with the job),
   * so a worker whose folder has no text encoder or tokenizer loads and predicts what rank 0 does.
   */
  @Test
  void otherWorkersLoadWithRankZerosEmbeddingsAndNoTextEncoder(@TempDir Path copy) throws IOException {
    Path tiny = Path.of(tiny());
    for (String part : new String[] {"model_index.json", "transformer", "vae", "scheduler"}) {
      copyTree(tiny.resolve(part), copy.resolve(part));
    }
    ParallelPlan plan = ParallelPlan.of(Strategy.PATCH, 2, 0, 0, false, ParallelPlan.Compression.NONE);
    FamilyOptions options = new FamilyOptions(null, null, null, latents);
    GenerationRequest withEncoder = new GenerationRequest(tiny(), PROMPT, 0, STEPS, GUIDANCE, options);
    GenerationRequest without = new GenerationRequest(copy.toString(), PROMPT, 0, STEPS, GUIDANCE, options);
    try (DiffusionModel zero = Worker.load(new GenerationJob(withEncoder, plan), 0)) {
      float[] shared = zero.sharedConditioning().orElseThrow();
      assertThat(shared).hasSize(2 * 120 * 32 + 2 * 120);
      try (DiffusionModel other = Worker.load(new GenerationJob(without, plan), 1, shared)) {
        assertThat(other.sharedConditioning().orElseThrow()).containsExactly(shared);
        TokenRange all = new TokenRange(0, 16);
        float[] x = zero.initialNoise(0, all);
        assertThat(other.transformer().guidedVelocity(x, all, 500f, other.condition(without), GUIDANCE,
            new ExactAttention(), 0)).containsExactly(zero.transformer().guidedVelocity(x, all, 500f,
            zero.condition(withEncoder), GUIDANCE, new ExactAttention(), 0));
      }
    }
    assertThatThrownBy(() -> Worker.load(new GenerationJob(without, plan), 1, null))
        .hasMessageContaining("no tokenizer.json and no spiece.model");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  @ParameterizedTest(name = "ulysses x{0}")
  @CsvSource({"3", "4"})
  void ulyssesBeyondTheTwoHeadsFailsNamingTheHeads(int workers) {
    ParallelPlan plan = ParallelPlan.of(Strategy.ULYSSES, workers, 0, 0, false, ParallelPlan.Compression.NONE);
    assertThatThrownBy(() -> run(fromEmbeds(), plan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 2 attention heads")
        .hasMessageContaining("use at most 2");
  }

  /**
   * The tiny PixArt and the tiny DiT share the trunk shape (16 tokens, 2 blocks, 2 heads × 8) and
   * both run guided as a batch of 2, so if only self-attention keys and values cross the wire their
   * runs send the same bytes. Cross-attention K and V of the 2 × 120 caption tokens on the wire
   * would add 2 · 2 · 120 · 16 · 4 bytes per block, worker and step. The statistics split the
   * bytes by exchange kind: both runs list the same kinds with the same bytes, and they add up.
   */
  @ParameterizedTest(name = "{0} x{1}")
  @CsvSource({"patch, 2", "ring, 3", "ulysses, 2"})
  void onlySelfAttentionCrossesTheWire(String strategy, int workers) {
    ParallelPlan plan = ParallelPlan.of(Strategy.parse(strategy), workers, 0, 0, false, ParallelPlan.Compression.NONE);
    RunStats pixart = run(fromEmbeds(), plan).stats();
    RunStats dit = run(new GenerationRequest(DitFolders.tiny(), "", 0, STEPS, 4f,
        new FamilyOptions(207, "dpm-solver++", null, null)), plan).stats();
    System.out.printf("PixArt folder %s x%d: %d bytes on the wire %s, DiT folder %d %s%n", strategy, workers,
        pixart.bytesSent(), pixart.bytesByKind(), dit.bytesSent(), dit.bytesByKind());
    assertThat(pixart.bytesSent()).isPositive().isEqualTo(dit.bytesSent());
    assertThat(pixart.bytesByKind()).isNotEmpty().isEqualTo(dit.bytesByKind());
    assertThat(pixart.bytesByKind().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(pixart.bytesSent());
  }
}
