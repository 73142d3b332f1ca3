package dev.compactfusion.perf.slownet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.Fixtures;
import dev.compactfusion.perf.bench.MethodSpec;
import dev.compactfusion.perf.bench.RunRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteReportTest {
  @Test
  void boundIsComputeOrTheBusiestLinkWhicheverIsLonger() {
    // 3 workers, 2 steps: rank 2 is busiest (12 ms compute + 1 ms codec per step = 26 ms);
    // rank 0 sends 2 x 2000 bytes = 4000 bytes.
    RunRecord run = RunRecord.of(0, Fixtures.stats(3, 2, 10, 5, 1000));
    LowerBound nic = LowerBound.of(run, 1_000_000, Shaping.APP);
    assertThat(nic.computeSeconds()).isCloseTo(0.026, within(1e-12));
    assertThat(nic.linkSeconds()).isCloseTo(0.032, within(1e-12)); // all of it through rank 0's interface
    assertThat(nic.seconds()).isCloseTo(0.032, within(1e-12));
    LowerBound slow = LowerBound.of(run, 10_000_000, Shaping.APP);
    assertThat(slow.seconds()).isCloseTo(0.026, within(1e-12)); // compute is longer at 10 Mbit/s
    LowerBound shared = LowerBound.of(run, 1_000_000, Shaping.EXTERNAL);
    assertThat(shared.linkSeconds()).isCloseTo(8000 * 8 / 1e6, within(1e-12)); // all workers' bytes
    assertThat(nic.ratio(0.064)).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void reportsRatiosAtTheSlowestLinkAndSaysWhetherGoalsAreMet() {
    BenchResults r = new BenchResults(Fixtures.settings(2, 0, 1), "m", "t", List.of(
        Fixtures.result("serial", 1, "none", 2, 4.0),
        Fixtures.result("ring:fp16", 3, "10mbit", 2, 8.0),
        Fixtures.result("distrifusion:fp16", 3, "10mbit", 2, 5.0),
        Fixtures.result("compact:1bit", 3, "10mbit", 2, 1.0),
        Fixtures.result("compact:2bit", 3, "10mbit", 2, 2.0),
        Fixtures.result("ring:fp16", 3, "1gbit", 2, 0.5),
        Fixtures.result("compact:1bit", 3, "1gbit", 2, 0.4)));
    SuiteReport report = new SuiteReport(r, Shaping.APP);
    assertThat(report.slowest().orElseThrow().name()).isEqualTo("10mbit");
    assertThat(report.linked()).hasSize(6);
    String md = report.markdown();
    // Every fixture case has the same bound (2 steps of 11-12 ms compute + 1 ms codec; 4000 bytes through
    // rank 0's interface), so the bounds allow no speedup at all: 0.9 x 1 is met by any faster method.
    assertThat(md).contains("#### At the slowest link (10mbit)")
        .contains("| compact:1bit | 1.000 | 5.00× | 8.00× | – | – |")
        .contains("| compact:2bit | 2.000 | 2.50× | 4.00× | – | – |")
        .contains("Fastest compressed method at 10mbit: **compact:1bit**")
        .contains("- vs distrifusion:fp16: 5.00× faster (published headline ≥ 6.7×: not met); the lower bounds allow "
            + "1.00×, goal ≥ 0.9 × that = 0.90×: met")
        .contains("- vs ring:fp16: 8.00× faster")
        .contains("- vs ulysses:fp16: did not run")
        .contains("(goal ≤ 1.2: not met)")
        .contains("| 10mbit | compact:1bit | 1.000 | 1.000–1.000 | 4.00× |")
        .contains("0 of 6 cases within 1.2× of their bound.")
        .contains("Serial (one worker, no link): 4.000 s median");
    assertThat(md).doesNotContain("| ring:fp16 | 8.000 | 1.60×"); // fp16 is a baseline, not a compressed method
    List<String> csv = report.csv().lines().toList();
    assertThat(csv).hasSize(7);
    assertThat(csv.get(3)).startsWith("10mbit,10.000,compact:1bit,3,1.0000,1.0000,1.0000,1,")
        .endsWith(",4.0000,5.0000,1333,app");
  }

  @Test
  void halfPrecisionIsABaselineAndCodecsAreCompressed() {
    assertThat(SuiteReport.compressed(MethodSpec.parse("ring:fp16"))).isFalse();
    assertThat(SuiteReport.compressed(MethodSpec.parse("distrifusion"))).isFalse();
    assertThat(SuiteReport.compressed(MethodSpec.parse("pipefusion:1bit"))).isTrue();
    assertThat(SuiteReport.compressed(MethodSpec.parse("compact:lowrank:8"))).isTrue();
  }
}
