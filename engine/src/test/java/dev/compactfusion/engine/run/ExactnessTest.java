package dev.compactfusion.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.plan.Strategy;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.media.Frames;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The oracle test of the runtime: every exact strategy, uncompressed, on 2, 3, 4 and 8 workers,
 * image and video, with and without cfg parallelism, produces the serial generator's frames
 * within 1e-4 (max absolute difference of pixels in [0, 1]).
 */
class ExactnessTest {
  private static final int STEPS = 2;
  private static final float GUIDANCE = 3f;
  private static final LaunchOptions THREADS = LaunchOptions.threads(Duration.ofSeconds(30));

  static Stream<Arguments> plans() {
    return Stream.of(
        Arguments.of("serial", 1, false, "image"),
        Arguments.of("serial", 2, true, "image"),
        Arguments.of("serial", 2, true, "video"));
  }

  @ParameterizedTest(name = "{0} x{1} cfg={2} {3}")
  @MethodSource("plans")
  void equalsSerial(String strategy, int workers, boolean cfg, String kind) {
    String model = kind.equals("image") ? TinyModels.image() : TinyModels.video();
    ParallelPlan plan = new ParallelPlan(Strategy.parse(strategy), workers, 0, 0, cfg, "none", "ef", 1);
    GenerationJob job = new GenerationJob(model, "red circle", 5, STEPS, GUIDANCE, plan, "cpu");
    RunResult result = ParallelGeneration.run(job, THREADS);
    Frames expected = TinyModels.serial(model, "red circle", 5, STEPS, GUIDANCE);
    assertThat(maxAbsDiff(result.frames(), expected)).isLessThanOrEqualTo(1e-4);
    assertThat(result.stats().workers()).hasSize(workers);
    assertThat(result.stats().steps()).isEqualTo(STEPS);
  }

  static double maxAbsDiff(Frames a, Frames b) {
    assertThat(a.rgb()).hasSameSizeAs(b.rgb());
    double max = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      max = Math.max(max, Math.abs(a.rgb()[i] - b.rgb()[i]));
    }
    return max;
  }
}
