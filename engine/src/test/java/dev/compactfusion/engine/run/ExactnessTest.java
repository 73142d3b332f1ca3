package dev.compactfusion.engine.run;

import dev.compactfusion.models.generate.GenerationRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.engine.launch.CommKind;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.media.Frames;
import java.time.Duration;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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
    Stream.Builder<Arguments> b = Stream.builder();
    b.add(Arguments.of("serial", 1, 0, false, "image"));
    b.add(Arguments.of("serial", 2, 0, true, "image"));
    for (String kind : new String[] {"image", "video"}) {
      for (String strategy : new String[] {"patch", "ulysses", "ring"}) {
        for (int workers : new int[] {2, 3, 4, 8}) {
          b.add(Arguments.of(strategy, workers, 0, false, kind));
        }
      }
      b.add(Arguments.of("usp", 4, 2, false, kind));
      b.add(Arguments.of("usp", 8, 2, false, kind));
      b.add(Arguments.of("usp", 8, 4, false, kind));
      b.add(Arguments.of("patch", 4, 0, true, kind));
      b.add(Arguments.of("ring", 6, 0, true, kind));
      b.add(Arguments.of("ulysses", 8, 0, true, kind));
      b.add(Arguments.of("usp", 8, 2, true, kind));
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} x{1} u={2} cfg={3} {4}")
  @MethodSource("plans")
  void equalsSerial(String strategy, int workers, int ulyssesDegree, boolean cfg, String kind) {
    String model = kind.equals("image") ? TinyModels.image() : TinyModels.video();
    ParallelPlan plan = ParallelPlan.of(Strategy.parse(strategy), workers, ulyssesDegree, 0, cfg, ParallelPlan.Compression.parse("none", "ef", 1));
    GenerationJob job = new GenerationJob(new GenerationRequest(model, "red circle", 5, STEPS, GUIDANCE), plan);
    RunResult result = ParallelGeneration.run(job, THREADS);
    Frames expected = TinyModels.serial(model, "red circle", 5, STEPS, GUIDANCE);
    long inside = IntStream.range(0, expected.rgb().length)
        .filter(i -> expected.rgb()[i] > 0 && expected.rgb()[i] < 1).count();
    assertThat(inside).as("oracle pixels strictly inside (0, 1)").isGreaterThan(expected.rgb().length * 2 / 5);
    assertThat(maxAbsDiff(result.frames(), expected)).isLessThanOrEqualTo(1e-4);
    if (plan.sequenceDegree() > 1 || cfg) {
      assertThat(result.stats().bytesRaw()).isPositive();
      assertThat(result.stats().bytesSent()).isGreaterThanOrEqualTo(result.stats().bytesRaw());
    } else {
      assertThat(result.stats().bytesSent()).isZero();
    }
    assertThat(result.stats().workers()).hasSize(workers);
    assertThat(result.stats().steps()).isEqualTo(STEPS);
  }

  /** The same transport as processes, without JVM start-ups: threads joined over tcp loopback. */
  @Test
  void threadsOverTcpEqualSerial() {
    String model = TinyModels.video();
    ParallelPlan plan = ParallelPlan.of(Strategy.USP, 4, 2, 2, false, ParallelPlan.Compression.parse("none", "ef", 1));
    LaunchOptions tcp = new LaunchOptions(LauncherKind.THREADS,
        CommKind.TCP, Duration.ofSeconds(30), null, null, null, 0, null, null);
    RunResult result = ParallelGeneration.run(new GenerationJob(new GenerationRequest(model, "red circle", 5, STEPS, GUIDANCE), plan), tcp);
    assertThat(maxAbsDiff(result.frames(), TinyModels.serial(model, "red circle", 5, STEPS, GUIDANCE)))
        .isLessThanOrEqualTo(1e-4);
    assertThat(result.stats().comm()).isEqualTo("tcp");
  }

  /** The 1e-4 bound means something: a strategy that uses stale K,V lands far outside it. */
  @Test
  void staleAttentionIsFarFromSerial() {
    String model = TinyModels.image();
    ParallelPlan plan = ParallelPlan.of(Strategy.DISTRIFUSION, 4, 0, 0, false, ParallelPlan.Compression.parse("none", "ef", 1));
    RunResult result = ParallelGeneration.run(new GenerationJob(new GenerationRequest(model, "red circle", 5, STEPS, GUIDANCE), plan),
        THREADS);
    assertThat(maxAbsDiff(result.frames(), TinyModels.serial(model, "red circle", 5, STEPS, GUIDANCE)))
        .isGreaterThan(1e-3);
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
