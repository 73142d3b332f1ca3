package dev.compactfusion.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.launch.CommKind;
import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.Device;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.stats.WorkerStats;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.engine.worker.WorkerFailedException;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.metrics.Psnr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PipeFusion end to end on 5-block models (2, 3 and 4 stages split them 3+2, 2+2+1 and
 * 2+1+1+1), 16-token image and 64-token video, guidance 3 (a batch of 2): with one patch, or with
 * every step a warmup step whatever the patches, it is serial (measured max diff 0); with a patch per stage and warmup 1 over 4 steps it is stale, yet closer to serial than
 * distrifusion on the same workers (measured 29.4 vs 24.3 dB, 26.6 vs 22.6, video 22.6 vs 19.7),
 * sending 1/6 to 1/7 of patch parallelism's bytes (28,672 vs 164,160; 45,056 vs 328,640; 180,224
 * vs 1,311,680); 1bit residuals on the boundaries cut a stale step's bytes from 45,056 to about a
 * third (the velocity returned to rank 0 stays fp32) at 19.2 dB against fp32's 22.6.
 */
class PipeFusionTest {
  private static final LaunchOptions THREADS = LaunchOptions.threads(Duration.ofSeconds(30));
  private static final float GUIDANCE = 3f;

  private static RunResult run(String model, ParallelPlan plan, int steps) {
    return ParallelGeneration.run(new GenerationJob(new GenerationRequest(model, "red circle", 5, steps, GUIDANCE), plan),
        THREADS);
  }

  private static String model(String kind) {
    return kind.equals("image") ? TinyModels.deepImage() : TinyModels.deepVideo();
  }

  private static ParallelPlan pipe(int workers, int patches, String codec) {
    return pipe(workers, patches, codec, 1);
  }

  private static ParallelPlan pipe(int workers, int patches, String codec, int warmup) {
    return ParallelPlan.pipeFusion(workers, patches, ParallelPlan.Compression.parse(codec, "ef", warmup));
  }

  @ParameterizedTest(name = "{0} stages, {1}")
  @CsvSource({"2, image", "3, image", "4, image", "2, video", "3, video", "4, video"})
  void onePatchEqualsSerial(int workers, String kind) {
    String model = model(kind);
    RunResult r = run(model, pipe(workers, 1, "none"), 2);
    double diff = ExactnessTest.maxAbsDiff(r.frames(), TinyModels.serial(model, "red circle", 5, 2, GUIDANCE));
    System.out.printf("pipefusion%d_m1 %s: max diff %.3g%n", workers, kind, diff);
    assertThat(diff).isLessThanOrEqualTo(1e-4);
    assertThat(r.stats().bytesSent()).isGreaterThanOrEqualTo(r.stats().bytesRaw()).isPositive();
    assertThat(r.stats().workers()).hasSize(workers);
    assertThat(r.stats().workers()).allSatisfy(w -> assertThat(w.weightBytes()).isPositive());
  }

  private static ParallelPlan cfgPipe(int workers, int patches, int warmup) {
    return new ParallelPlan(Strategy.PIPEFUSION, workers, ParallelPlan.SequenceGroups.DERIVED, true,
        ParallelPlan.Compression.parse("none", "ef", warmup), Device.CPU, patches);
  }

  /**
   * With cfg parallelism each branch runs its own pipeline of workers / 2 stages and the last
   * stages swap velocities: with one patch (or every step a warmup step) it is serial, and each
   * branch's stage holds what the same stage of a one-pipeline run holds.
   */
  @ParameterizedTest(name = "cfg x {0} stages, {1} patches, warmup {2}, {3}")
  @CsvSource({"2, 1, 1, image", "3, 1, 1, image", "2, 1, 1, video", "2, 2, 3, image", "3, 3, 3, video"})
  void cfgParallelPipelinesEqualSerial(int stages, int patches, int warmup, String kind) {
    String model = model(kind);
    int steps = 3;
    RunResult r = run(model, cfgPipe(2 * stages, patches, warmup), steps);
    double diff = ExactnessTest.maxAbsDiff(r.frames(), TinyModels.serial(model, "red circle", 5, steps, GUIDANCE));
    System.out.printf("pipefusion%d_m%d_cfg (%d workers) %s, warmup %d: max diff %.3g%n", stages, patches,
        2 * stages, kind, warmup, diff);
    assertThat(diff).isLessThanOrEqualTo(1e-4);
    assertThat(r.stats().workers()).hasSize(2 * stages);
    long[] held = r.stats().workers().stream().mapToLong(WorkerStats::weightBytes).toArray();
    long[] single = run(model, pipe(stages, 1, "none"), 1).stats().workers().stream()
        .mapToLong(WorkerStats::weightBytes).toArray();
    for (int s = 0; s < stages; s++) {
      assertThat(held[s]).isEqualTo(single[s]);
      assertThat(held[stages + s]).isEqualTo(single[s]);
    }
  }

  /**
   * A warmup step sends the whole sequence as one chunk with fresh K,V for every token, so a run
   * that is all warmup never reads a stale patch: serial for any patch count, uneven ones (16
   * tokens in 3 patches, 64 in 3) and more patches than stages included.
   */
  @ParameterizedTest(name = "{0} stages, {1} patches, {2}")
  @CsvSource({"2, 2, image", "3, 3, image", "2, 4, image", "4, 3, image", "3, 3, video", "2, 4, video"})
  void warmupForEveryStepEqualsSerialForAnyPatchCount(int workers, int patches, String kind) {
    String model = model(kind);
    int steps = 3;
    RunResult r = run(model, pipe(workers, patches, "none", steps), steps);
    double diff = ExactnessTest.maxAbsDiff(r.frames(), TinyModels.serial(model, "red circle", 5, steps, GUIDANCE));
    System.out.printf("pipefusion%d_m%d %s, warmup %d of %d steps: max diff %.3g%n", workers, patches, kind, steps,
        steps, diff);
    assertThat(diff).isLessThanOrEqualTo(1e-4);
  }

  @ParameterizedTest(name = "{0} stages, {1}")
  @CsvSource({"2, image", "3, image", "3, video"})
  void aPatchPerStageIsStaleButCloseAndSendsFarLessThanPatch(int workers, String kind) {
    String model = model(kind);
    int steps = 4;
    var serial = TinyModels.serial(model, "red circle", 5, steps, GUIDANCE);
    RunResult pipe = run(model, pipe(workers, workers, "none"), steps);
    RunResult distri = run(model, ParallelPlan.of(Strategy.DISTRIFUSION, workers, 0, 0, false,
        ParallelPlan.Compression.parse("none", "ef", 1)), steps);
    RunResult patch = run(model, ParallelPlan.of(Strategy.PATCH, workers, 0, 0, false,
        ParallelPlan.Compression.parse("none", "ef", 1)), steps);
    double pipeDiff = ExactnessTest.maxAbsDiff(pipe.frames(), serial);
    double distriDiff = ExactnessTest.maxAbsDiff(distri.frames(), serial);
    System.out.printf("pipefusion%d_m%d %s: max diff %.4g (%.2f dB), distrifusion %.4g (%.2f dB); bytes sent %d, patch %d%n",
        workers, workers, kind, pipeDiff, Psnr.of(serial, pipe.frames()).decibels(), distriDiff,
        Psnr.of(serial, distri.frames()).decibels(), pipe.stats().bytesSent(), patch.stats().bytesSent());
    assertThat(pipeDiff).isGreaterThan(1e-3);
    assertThat(Psnr.of(serial, pipe.frames()).decibels()).isGreaterThan(Psnr.of(serial, distri.frames()).decibels());
    assertThat(pipe.stats().bytesSent()).isLessThan(patch.stats().bytesSent() / 5);
  }

  @Test
  void oneBitBoundariesSendFewerBytesAndStayClose() {
    String model = TinyModels.deepVideo();
    int steps = 4;
    var serial = TinyModels.serial(model, "red circle", 5, steps, GUIDANCE);
    RunResult raw = run(model, pipe(3, 3, "none"), steps);
    RunResult oneBit = run(model, pipe(3, 3, "1bit"), steps);
    double rawDiff = ExactnessTest.maxAbsDiff(raw.frames(), serial);
    double bitDiff = ExactnessTest.maxAbsDiff(oneBit.frames(), serial);
    System.out.printf("pipefusion3_m3 video: fp32 %d bytes sent, max diff %.4g; 1bit %d bytes sent (raw %d), max diff %.4g (%.2f dB)%n",
        raw.stats().bytesSent(), rawDiff, oneBit.stats().bytesSent(), oneBit.stats().bytesRaw(), bitDiff,
        Psnr.of(serial, oneBit.frames()).decibels());
    // Step 0 is the synchronous warmup, raw in both; step 1 is stale and compressed.
    System.out.printf("step 1 bytes sent: fp32 %d, 1bit %d%n", raw.stats().step(1).bytesSent(),
        oneBit.stats().step(1).bytesSent());
    assertThat(oneBit.stats().step(0).bytesSent()).isGreaterThanOrEqualTo(raw.stats().step(0).bytesSent());
    assertThat(oneBit.stats().step(1).bytesSent()).isLessThan(raw.stats().step(1).bytesSent() / 2);
    assertThat(oneBit.stats().bytesRaw()).isEqualTo(raw.stats().bytesRaw());
    assertThat(Psnr.of(serial, oneBit.frames()).decibels()).isGreaterThan(Psnr.of(serial, raw.frames()).decibels() - 4);
  }

  /** Over tcp (the plan as JSON, hidden states and residual payloads through real frames) nothing changes. */
  @Test
  void overTcpItComputesWhatItComputesInMemory() {
    String model = TinyModels.deepImage();
    ParallelPlan plan = pipe(3, 3, "1bit");
    LaunchOptions tcp = new LaunchOptions(LauncherKind.THREADS, CommKind.TCP, Duration.ofSeconds(30), null, null, null,
        0, null, null);
    GenerationJob job = new GenerationJob(new GenerationRequest(model, "red circle", 5, 3, GUIDANCE), plan);
    RunResult overTcp = ParallelGeneration.run(job, tcp);
    assertThat(overTcp.stats().comm()).isEqualTo("tcp");
    assertThat(ExactnessTest.maxAbsDiff(overTcp.frames(), run(model, plan, 3).frames())).isZero();
  }

  /**
   * A stage worker that dies mid-run (a child JVM killed by signal 9 in a stale step) leaves the
   * stages before it blocked on sending to it and rank 0 waiting for velocities that never come:
   * the run must still end, naming the dead worker. Threads cannot die like that, so this one runs
   * over processes.
   */
  @Test
  void aKilledStageWorkerEndsTheRunNamingIt() {
    // So many steps that only the failure can end the run while the test waits.
    GenerationJob job = new GenerationJob(new GenerationRequest(TinyModels.deepImage(), "red circle", 1, 100_000,
        GUIDANCE), pipe(3, 3, "none"));
    AtomicLong killed = new AtomicLong(-1);
    assertThatThrownBy(() -> ParallelGeneration.run(job, LaunchOptions.procs(Duration.ofSeconds(90)), (done, total) -> {
      if (done == 2) {
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        ProcessHandle victim = children.get(children.size() - 1);
        killed.set(victim.pid());
        victim.destroyForcibly();
      }
    }))
        .isInstanceOf(WorkerFailedException.class)
        .satisfies(e -> assertThat(e.getMessage()).containsPattern("worker [12] \\(pid " + killed.get() + "\\) failed"));
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
  }

  /**
   * Each stage holds only its blocks, the conditioning every block reads, and the embedding (first
   * stage) or final layer (last): its resident bytes are exactly those tensors' bytes, computed here
   * from the file's header. Over the stages the blocks add up to the model's blocks once; every
   * other strategy holds the whole model on each worker.
   */
  @ParameterizedTest(name = "{0} stages")
  @CsvSource({"2", "3"})
  void eachStageHoldsOnlyItsBlocks(int workers) {
    String model = TinyModels.deepImage();
    Path file = Path.of(model, "model.safetensors");
    RunResult r = run(model, pipe(workers, 1, "none"), 1);
    long[] held = r.stats().workers().stream().mapToLong(WorkerStats::weightBytes).toArray();
    System.out.printf("pipefusion%d resident weight bytes per worker: %s (whole model %d)%n", workers,
        Arrays.toString(held), HeaderBytes.fp32Bytes(file, n -> true));
    int[][] blocks = workers == 2 ? new int[][] {{0, 3}, {3, 5}} : new int[][] {{0, 2}, {2, 4}, {4, 5}};
    long conditioning = HeaderBytes.fp32Bytes(file, n -> n.startsWith("time_embed.") || n.startsWith("cond_embed."));
    long embedding = HeaderBytes.fp32Bytes(file, n -> n.startsWith("patch_embed."));
    long finalLayer = HeaderBytes.fp32Bytes(file, n -> n.startsWith("final."));
    for (int s = 0; s < workers; s++) {
      int from = blocks[s][0];
      int to = blocks[s][1];
      long expected = HeaderBytes.fp32Bytes(file, n -> inBlocks(n, "blocks.", from, to)) + conditioning
          + (s == 0 ? embedding : 0) + (s == workers - 1 ? finalLayer : 0);
      assertThat(held[s]).as("stage %d, blocks [%d, %d)", s, from, to).isEqualTo(expected);
    }
    assertThat(Arrays.stream(held).sum() - workers * conditioning - embedding - finalLayer)
        .isEqualTo(HeaderBytes.fp32Bytes(file, n -> n.startsWith("blocks.")));
    RunResult patch = run(model, ParallelPlan.of(Strategy.PATCH, workers, 0, 0, false,
        ParallelPlan.Compression.NONE), 1);
    assertThat(patch.stats().workers()).allSatisfy(w -> assertThat(w.weightBytes())
        .isEqualTo(HeaderBytes.fp32Bytes(file, n -> true)));
  }

  /** Whether tensor {@code name} belongs to a block in [from, to) of a layout whose blocks are named {@code prefix + i + "."}. */
  static boolean inBlocks(String name, String prefix, int from, int to) {
    if (!name.startsWith(prefix)) {
      return false;
    }
    int block = Integer.parseInt(name.substring(prefix.length(), name.indexOf('.', prefix.length())));
    return block >= from && block < to;
  }
}
