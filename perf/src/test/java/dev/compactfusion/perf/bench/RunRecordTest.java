package dev.compactfusion.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RunRecordTest {
  @Test
  void latencyIsTheSlowestWorkersSumOfStepTimes() {
    // 3 steps; rank 2 computes 12 ms, waits 5 ms, codes 1 ms per step = 54 ms.
    RunRecord r = RunRecord.of(0, Fixtures.stats(3, 3, 10, 5, 1000));
    assertThat(r.latencySeconds()).isCloseTo(0.054, within(1e-12));
    assertThat(r.wallSeconds()).isCloseTo(0.999, within(1e-12));
    assertThat(r.computeSeconds()).isCloseTo(0.033, within(1e-12)); // mean of 30, 33, 36 ms
    assertThat(r.commSeconds()).isCloseTo(0.015, within(1e-12));
    assertThat(r.codecSeconds()).isCloseTo(0.003, within(1e-12));
    assertThat(r.bytesSent()).isEqualTo(3 * (2000 + 1000 + 1000));
    assertThat(r.bytesRaw()).isEqualTo(3 * 3 * 4000);
    assertThat(r.bytesSentPerWorker()).containsExactly(6000L, 3000L, 3000L);
    assertThat(r.busySecondsPerWorker().get(2)).isCloseTo(0.039, within(1e-12));
    assertThat(r.steps()).hasSize(3);
    StepBreakdown s = r.steps().get(1);
    assertThat(s.step()).isEqualTo(1);
    assertThat(s.computeSeconds()).isCloseTo(0.011, within(1e-12));
    assertThat(s.bytesSent()).isEqualTo(4000);
    assertThat(s.bytesRaw()).isEqualTo(12000);
  }

  @Test
  void caseSummariesUseTheMedianRun() {
    CaseResult c = Fixtures.result("patch", 2, "none", 4, 3.0, 1.0, 2.0);
    assertThat(c.latency().median()).isEqualTo(2.0);
    assertThat(c.latency().min()).isEqualTo(1.0);
    // each run: 4 steps, rank 0 sends 2000 and rank 1 1000 per step: 12000 bytes / 2 workers / 4 steps
    assertThat(c.bytesPerStepPerWorker()).isEqualTo(1500.0);
    assertThat(c.rawBytesPerStepPerWorker()).isEqualTo(4000.0);
  }
}
