package dev.compactfusion.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.metrics.Psnr;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmarks' uncompressed baselines exchange fp16 activations (codec fp16, residual mode
 * naive), DistriFusion included: after the raw warmup step every exchanged step sends half the
 * fp32 bytes, and the image stays within fp16 rounding of the same strategy in fp32.
 */
class HalfPrecisionTest {
  private static final LaunchOptions THREADS = LaunchOptions.threads(Duration.ofSeconds(30));

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"distrifusion", "ring", "ulysses", "patch"})
  void halfPrecisionActivationsHalveTheBytesAndKeepTheImage(String strategy) {
    String model = TinyModels.image();
    GenerationRequest request = new GenerationRequest(model, "green square", 9, 3, 3f);
    RunResult fp32 = ParallelGeneration.run(new GenerationJob(request, plan(strategy, ParallelPlan.Compression.NONE)),
        THREADS);
    RunResult fp16 = ParallelGeneration.run(new GenerationJob(request, plan(strategy, ParallelPlan.Compression.half(1))),
        THREADS);
    // The warmup step sends raw fp32 through the streams, plus each payload's small header.
    long raw = fp32.stats().step(0).bytesSent();
    assertThat(fp16.stats().step(0).bytesSent()).isBetween(raw, raw + raw / 10);
    for (int step = 1; step < 3; step++) {
      // fp16 bodies are exactly half; each payload adds a small header, which on this tiny model's
      // Ulysses chunks (a few hundred bytes each) is up to a fifth of the body (measured 0.598).
      assertThat((double) fp16.stats().step(step).bytesSent() / fp32.stats().step(step).bytesSent())
          .as("step %d", step).isBetween(0.5, 0.61);
    }
    assertThat(Psnr.of(fp32.frames(), fp16.frames()).decibels()).isGreaterThan(60);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ring", "distrifusion"})
  void aLatentsOnlyJobEndsWithTheSameTokensAndNoImage(String strategy) {
    String model = TinyModels.image();
    GenerationRequest request = new GenerationRequest(model, "red circle", 4, 2, 3f);
    ParallelPlan plan = plan(strategy, ParallelPlan.Compression.half(1));
    RunResult image = ParallelGeneration.run(new GenerationJob(request, plan), THREADS);
    RunResult latents = ParallelGeneration.run(new GenerationJob(request, plan, true), THREADS);
    assertThat(latents.frames()).isNull();
    assertThat(latents.tokens()).isEqualTo(image.tokens());
  }

  private static ParallelPlan plan(String strategy, ParallelPlan.Compression compression) {
    return ParallelPlan.of(Strategy.parse(strategy), 4, 0, 0, false, compression);
  }
}
