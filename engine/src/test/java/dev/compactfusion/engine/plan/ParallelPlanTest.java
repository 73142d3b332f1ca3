package dev.compactfusion.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.models.dit.TokenRange;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParallelPlanTest {

  private static ParallelPlan plan(String strategy, int workers, int u, int r, boolean cfg, String codec) {
    return ParallelPlan.of(Strategy.parse(strategy), workers, u, r, cfg, ParallelPlan.Compression.parse(codec, "ef", 1));
  }

  @ParameterizedTest
  @CsvSource({
    "ulysses, 4, 0, 0, false, 4, 1",
    "ring, 3, 0, 0, false, 1, 3",
    "usp, 6, 2, 0, false, 2, 3",
    "usp, 8, 0, 2, true, 2, 2",
    "patch, 8, 0, 0, true, 1, 1",
    "serial, 2, 0, 0, true, 1, 1",
  })
  void derivesMissingDegrees(String s, int workers, int u, int r, boolean cfg, int wantU, int wantR) {
    ParallelPlan p = plan(s, workers, u, r, cfg, "none");
    assertThat(p.ulyssesDegree()).isEqualTo(wantU);
    assertThat(p.ringDegree()).isEqualTo(wantR);
    assertThat(p.sequenceDegree()).isEqualTo(cfg ? workers / 2 : workers);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "usp | 4 | 2 | 3 | false | none | usp needs --ulysses-degree x --ring-degree = 4 (--workers), got 2 x 3",
    "usp | 6 | 0 | 0 | false | none | usp needs --ulysses-degree U and --ring-degree R with U x R = 6",
    "usp | 6 | 4 | 0 | false | none | usp: degree 4 does not divide the 6 workers of a group (--workers)",
    "patch | 3 | 0 | 0 | true | none | --workers must be even, got 3",
    "serial | 4 | 0 | 0 | false | none | serial runs one worker per branch",
    "ring | 4 | 2 | 0 | false | none | ring with these workers needs --ulysses-degree 1, got 2",
    "ulysses | 4 | 2 | 0 | false | none | ulysses with these workers needs --ulysses-degree 4, got 2",
    "distrifusion | 4 | 0 | 0 | false | 1bit | use --parallel compact-async --compress 1bit",
    "distrifusion | 4 | 0 | 0 | false | fp16 | --compress fp16 --residual naive sends them in half precision",
    "serial | 1 | 0 | 0 | false | 1bit | has nothing to compress",
    "patch | 0 | 0 | 0 | false | none | --workers must be at least 1, got 0",
  })
  void rejectsPlansThatCannotRun(String s, int workers, int u, int r, boolean cfg, String codec, String message) {
    assertThatThrownBy(() -> plan(s, workers, u, r, cfg, codec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsUnknownNamesAndStaleWithoutWarmup() {
    assertThatThrownBy(() -> Strategy.parse("pipe-fusion"))
        .hasMessage("unknown parallel strategy 'pipe-fusion'; known: serial, patch, distrifusion, "
            + "compact-async, ulysses, ring, usp, pipefusion");
    assertThatThrownBy(() -> ParallelPlan.of(Strategy.PATCH, 2, 0, 0, false, ParallelPlan.Compression.parse("1bit", "errfb", 1)))
        .hasMessageContaining("unknown residual mode 'errfb'");
    assertThatThrownBy(() -> ParallelPlan.of(Strategy.DISTRIFUSION, 2, 0, 0, false, ParallelPlan.Compression.parse("none", "ef", 0)))
        .hasMessageContaining("needs at least one synchronous warmup step");
  }

  @Test
  void distrifusionTakesHalfPrecisionActivationsOnly() {
    ParallelPlan half = ParallelPlan.of(Strategy.DISTRIFUSION, 4, 0, 0, false, ParallelPlan.Compression.half(1));
    assertThat(half.compression().halfPrecision()).isTrue();
    assertThat(ParallelPlan.Compression.parse("fp16", "ef", 1).halfPrecision()).isFalse();
    assertThat(ParallelPlan.Compression.parse("int8", "naive", 1).halfPrecision()).isFalse();
  }

  @Test
  void checksTheModel() {
    ParallelPlan ring = plan("ring", 8, 0, 0, false, "none");
    assertThatThrownBy(() -> ring.checkFits("tiny", 6, 4, 2)).hasMessageContaining("use at most 6 workers per group");
    ParallelPlan ulysses = plan("ulysses", 8, 0, 0, false, "none");
    assertThatThrownBy(() -> ulysses.checkFits("tiny", 64, 6, 2))
        .hasMessageContaining("tiny has 6 attention heads; --ulysses-degree 8");
    ulysses.checkFits("tiny", 64, 8, 2);
  }

  @Test
  void layoutPutsBranchesOnHalvesAndPairsPartners() {
    ParallelPlan p = plan("ring", 6, 0, 0, true, "none");
    WorkerLayout w4 = WorkerLayout.of(p, 4);
    assertThat(w4.branch()).isEqualTo(1);
    assertThat(w4.sequenceRank()).isEqualTo(1);
    assertThat(w4.groupMembers()).containsExactly(3, 4, 5);
    assertThat(w4.partner()).isEqualTo(1);
    assertThat(WorkerLayout.of(p, 1).partner()).isEqualTo(4);
    assertThat(WorkerLayout.of(plan("ring", 3, 0, 0, false, "none"), 2).partner()).isEqualTo(-1);
  }

  @Test
  void rangesCoverTheTokensUnevenly() {
    ParallelPlan p = plan("patch", 3, 0, 0, false, "none");
    TokenRange[] ranges = WorkerLayout.of(p, 0).ranges(p, 64);
    assertThat(Arrays.stream(ranges).mapToInt(TokenRange::length)).containsExactly(22, 21, 21);
    assertThat(ranges[2].end()).isEqualTo(64);
  }

  @Test
  void labelsSayTheConfiguration() {
    assertThat(plan("ring", 4, 0, 0, false, "1bit").label()).isEqualTo("ring4_1bit");
    assertThat(plan("usp", 8, 2, 2, true, "lowrank:8").label()).isEqualTo("usp2x2_cfg_lowrank-8");
    assertThat(ParallelPlan.serial().label()).isEqualTo("serial");
    assertThat(ParallelPlan.of(Strategy.PATCH, 2, 0, 0, false, ParallelPlan.Compression.parse("1bit", "naive", 1)).label())
        .isEqualTo("patch2_1bit-naive");
  }
}
