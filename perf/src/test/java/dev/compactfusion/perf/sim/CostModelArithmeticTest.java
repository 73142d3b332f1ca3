package dev.compactfusion.perf.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.compactfusion.perf.sim.LinkSpec.Topology;
import dev.compactfusion.perf.sim.method.Methods;
import org.junit.jupiter.api.Test;

/**
 * The model's arithmetic on a toy shape small enough to count by hand: 1 layer, width 8, 4 heads,
 * 16 tokens, MLP ratio 4, one step, 4 workers (4 tokens each), a 1 TFLOP/s GPU and a 1 GB/s link.
 */
class CostModelArithmeticTest {
  static final ModelShape TOY = new ModelShape("toy", 1, 8, 4, 16, 4, false, 1e3);
  static final GpuSpec GPU = new GpuSpec("toy-gpu", 1, 100);
  static final LinkSpec PORT = new LinkSpec("toy-link", 1, 0, Topology.PER_PORT);
  static final Calibration NONE = new Calibration(1, "none", 1, 0);

  static Scenario scenario(int warmup, LinkSpec link, Calibration calibration) {
    return new Scenario(new Workload("toy", TOY, 1, warmup, 1), GPU, link, 4, calibration);
  }

  static Estimate estimate(String method) {
    return Methods.byName(method).estimate(scenario(0, PORT, NONE));
  }

  @Test
  void flopsOfOneLayerAreTheMatmulCount() {
    // linear: 2 × (3+1+8)·d² × T = 2 × 12 × 64 × 16 = 24,576; attention: 4 × T² × d = 8,192
    assertThat(TOY.linearFlops(16)).isEqualTo(24_576);
    assertThat(TOY.attentionFlops(16, 16)).isEqualTo(8_192);
    assertThat(TOY.stepFlops()).isEqualTo(32_768);
  }

  @Test
  void serialTimeIsFlopsOverThroughputPlusTheUnparallelisedPart() {
    Calibration half = new Calibration(0.5, "none", 1, 0.25);
    Estimate e = Methods.byName("serial").estimate(scenario(0, PORT, half));
    assertThat(e.seconds()).isCloseTo(32_768 / 0.5e12 * 1.25, within(1e-22));
    assertThat(e.unparallelisedSeconds()).isCloseTo(32_768 / 0.5e12 * 0.25, within(1e-22));
    assertThat(e.bytesPerStep()).isZero();
  }

  @Test
  void bytesPerStepPerWorkerFollowTheFormulaOfEachMethod() {
    double tensor = 4 * 8 * 2; // a worker's 4 tokens × 8 channels in fp16 = 64 bytes
    // patch / distrifusion: own K and V to each of 3 peers
    assertThat(estimate("patch").bytesPerStep()).isEqualTo(3 * 2 * tensor);
    assertThat(estimate("distrifusion").bytesPerStep()).isEqualTo(3 * 2 * tensor);
    // ulysses: 4 all-to-alls, each sending 3/4 of one tensor
    assertThat(estimate("ulysses").bytesPerStep()).isEqualTo(4 * tensor * 3 / 4);
    // ring: 3 hops of a K,V block
    assertThat(estimate("ring").bytesPerStep()).isEqualTo(3 * 2 * tensor);
    // usp 2×2: all-to-alls within pairs (half of each tensor) + 1 ring hop
    assertThat(estimate("usp:2").bytesPerStep()).isEqualTo(4 * tensor / 2 + 2 * tensor);
    // pipefusion: every patch's activation handed on once
    assertThat(estimate("pipefusion").bytesPerStep()).isEqualTo(4 * tensor);
    // compact: the patch all-gather divided by the codec ratio
    assertThat(estimate("compact:1bit").bytesPerStep()).isCloseTo(3 * 2 * tensor / 15.7, within(1e-12));
    assertThat(estimate("compact:1bit").rawBytesPerStep()).isEqualTo(3 * 2 * tensor);
  }

  @Test
  void patchWaitsForTheWholeGatherAndASharedLinkCarriesEveryWorkersBytes() {
    double compute = (TOY.linearFlops(4) + TOY.attentionFlops(4, 16)) / 1e12;
    double concat = 2 * 4 * 128 / 100e9; // read and write the 4 gathered K,V blocks of 128 B at 100 GB/s
    Estimate perPort = estimate("patch");
    assertThat(perPort.seconds()).isCloseTo(compute + concat + 384 / 1e9, within(1e-18));
    LinkSpec shared = new LinkSpec("bus", 1, 0, Topology.SHARED);
    Estimate onBus = Methods.byName("patch").estimate(scenario(0, shared, NONE));
    assertThat(onBus.commSeconds()).isCloseTo(4 * 384 / 1e9, within(1e-18));
  }

  @Test
  void latencyIsPaidOncePerMessageStep() {
    LinkSpec slowStart = new LinkSpec("lat", 1e9, 10, Topology.PER_PORT);
    // all-gather over 4 workers: 3 ring steps × 10 µs (bytes cost ~0 at 1e9 GB/s)
    assertThat(Methods.byName("patch").estimate(scenario(0, slowStart, NONE)).commSeconds())
        .isCloseTo(30e-6, within(1e-12));
    // ulysses: 4 all-to-alls, one step each
    assertThat(Methods.byName("ulysses").estimate(scenario(0, slowStart, NONE)).commSeconds())
        .isCloseTo(40e-6, within(1e-12));
  }

  @Test
  void distrifusionHidesTheGatherBehindComputeAfterWarmup() {
    // A link so slow that the gather (384 B at 1 B/s = 384 s) outlasts any compute.
    LinkSpec slow = new LinkSpec("slow", 1e-9, 0, Topology.PER_PORT);
    Workload twoSteps = new Workload("toy", TOY, 2, 1, 1);
    Scenario s = new Scenario(twoSteps, GPU, slow, 4, NONE);
    Estimate patch = Methods.byName("patch").estimate(s);
    Estimate distri = Methods.byName("distrifusion").estimate(s);
    assertThat(patch.commSeconds()).isCloseTo(2 * 384, within(1e-9));
    // warmup step waits for all of it; the steady step waits only for what outlasts its compute
    // (matmuls, then the stale-buffer copy and the concatenation: 2 × 1024 B at 100 GB/s)
    double steadyCompute = (TOY.linearFlops(4) + TOY.attentionFlops(4, 16)) / 1e12 + 2 * 1024 / 100e9;
    assertThat(distri.commSeconds()).isCloseTo(384 + 384 - steadyCompute, within(1e-9));
  }

  @Test
  void overlappedTransfersSlowComputeByTheCalibratedInterference() {
    // A link so fast that every overlapped transfer hides completely behind its compute.
    LinkSpec fast = new LinkSpec("fast", 1e6, 0, Topology.PER_PORT);
    Workload twoSteps = new Workload("toy", TOY, 2, 1, 1);
    Calibration perfect = new Calibration(1, "none", 1, 0, 1, 0, 0);
    Calibration contended = new Calibration(1, "none", 1, 0, 1, 0.5, 0);
    double gather = 384 / 1e15;
    Estimate hidden = Methods.byName("distrifusion").estimate(new Scenario(twoSteps, GPU, fast, 4, perfect));
    Estimate slowed = Methods.byName("distrifusion").estimate(new Scenario(twoSteps, GPU, fast, 4, contended));
    // warmup waits for the whole gather either way; the steady step adds half of it only when contended
    assertThat(hidden.commSeconds()).isCloseTo(gather, within(1e-24));
    assertThat(slowed.commSeconds()).isCloseTo(gather + 0.5 * gather, within(1e-24));
    // ring: 3 hops of 128 B, each hidden behind a block, each costing half its time when contended
    Estimate ring = Methods.byName("ring").estimate(new Scenario(twoSteps, GPU, fast, 4, contended));
    assertThat(ring.commSeconds()).isCloseTo(2 * 3 * 0.5 * 128 / 1e15, within(1e-24));
  }

  @Test
  void allToAllRunsAtTheCalibratedEfficiencyOnTheCalibratedLinkOnly() {
    Calibration halfA2a = new Calibration(1, PORT.name(), 1, 0, 0.5, 0, 0);
    Estimate calibrated = Methods.byName("ulysses").estimate(scenario(0, PORT, halfA2a));
    Estimate otherLink = Methods.byName("ulysses").estimate(
        scenario(0, new LinkSpec("other", 1, 0, Topology.PER_PORT), halfA2a));
    // 4 all-to-alls of 48 B at 1 GB/s, at half efficiency on the calibrated link
    assertThat(calibrated.commSeconds()).isCloseTo(2 * 4 * 48 / 1e9, within(1e-18));
    assertThat(otherLink.commSeconds()).isCloseTo(4 * 48 / 1e9, within(1e-18));
  }

  @Test
  void compactSendsRawBytesDuringWarmupOnly() {
    Workload twoSteps = new Workload("toy", TOY, 2, 1, 1);
    LinkSpec link = new LinkSpec("l", 1, 0, Topology.PER_PORT);
    Scenario s = new Scenario(twoSteps, GPU, link, 4, NONE);
    Estimate e = Methods.byName("compact:2bit").estimate(s);
    assertThat(e.commSeconds()).isCloseTo((384 + 384 / 7.9) / 1e9, within(1e-18));
    // codec: encode own K,V (128 B × 17 passes) + decode 3 received (384 B × 2 passes) at 100 GB/s
    assertThat(e.codecSeconds()).isCloseTo((128 * 17 + 384 * 2) / 100e9, within(1e-18));
    // plus the host cost of 2 encodes of 10 ops and 2 × 3 decodes of 2 ops per layer at 5 µs per op
    Calibration calls = new Calibration(1, "none", 1, 0, 1, 0, 5);
    Estimate withCalls = Methods.byName("compact:2bit").estimate(new Scenario(twoSteps, GPU, link, 4, calls));
    assertThat(withCalls.codecSeconds() - e.codecSeconds()).isCloseTo((2 * 10 + 6 * 2) * 5e-6, within(1e-15));
  }

  @Test
  void oneWorkerSendsNothing() {
    Scenario single = new Scenario(new Workload("toy", TOY, 1, 0, 1), GPU, PORT, 1, NONE);
    for (String m : Methods.DEFAULT) {
      Estimate e = Methods.byName(m.equals("usp") ? "usp:1" : m).estimate(single);
      assertThat(e.bytesPerStep()).as(m).isZero();
      assertThat(e.commSeconds()).as(m).isZero();
    }
  }

  @Test
  void methodsThatCannotRunSaySo() {
    ModelShape threeHeads = new ModelShape("odd", 1, 12, 3, 16, 4, false, 1e3);
    Scenario s = new Scenario(new Workload("odd", threeHeads, 1, 0, 1), GPU, PORT, 4, NONE);
    assertThatThrownBy(() -> Methods.byName("ulysses").estimate(s))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 heads");
    assertThatThrownBy(() -> Methods.byName("usp:3").estimate(scenario(0, PORT, NONE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not divide");
    assertThatThrownBy(() -> Methods.byName("teleport"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown method 'teleport'");
    assertThatThrownBy(() -> new Calibration(1.2, "x", 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Calibration(1, "x", 1, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all-to-all efficiency");
    assertThatThrownBy(() -> new Calibration(1, "x", 1, 0, 1, 1.5, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap interference");
    assertThatThrownBy(() -> new Calibration(1, "x", 1, 0, 1, 0, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("codec op");
  }
}
