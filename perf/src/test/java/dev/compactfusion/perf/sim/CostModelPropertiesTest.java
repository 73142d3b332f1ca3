package dev.compactfusion.perf.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compactfusion.perf.sim.method.Method;
import dev.compactfusion.perf.sim.method.Methods;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every preset combination must keep: more bandwidth never hurts; more compression never sends more. */
class CostModelPropertiesTest {

  static List<Object[]> combinations() {
    List<Object[]> out = new ArrayList<>();
    for (Workload w : Presets.workloads().values()) {
      for (Hardware h : Presets.hardware().values()) {
        for (int workers : new int[] {2, 4, 8}) {
          out.add(new Object[] {w, h, workers});
        }
      }
    }
    return out;
  }

  static boolean runnable(String method, Workload w, int workers) {
    int heads = w.shape().heads();
    return switch (method) {
      case "ulysses" -> heads % workers == 0;
      case "usp" -> workers % 2 == 0 && heads % 2 == 0;
      default -> true;
    };
  }

  @ParameterizedTest(name = "{0} on {1} × {2}")
  @MethodSource("combinations")
  void moreBandwidthIsNeverSlower(Workload w, Hardware h, int workers) {
    for (String name : Methods.DEFAULT) {
      if (!runnable(name, w, workers)) {
        continue;
      }
      Method m = Methods.byName(name);
      double previous = Double.POSITIVE_INFINITY;
      for (double factor : new double[] {0.01, 0.1, 0.5, 1, 2, 10, 100}) {
        // a link with a name no calibration targets, so the bandwidth is exactly the one set here
        LinkSpec link = new LinkSpec("probe", h.link().bandwidthGBs() * factor, h.link().latencyUs(),
            h.link().topology());
        double t = m.estimate(new Scenario(w, h.gpu(), link, workers, Calibration.FITTED)).seconds();
        assertThat(t).as("%s at %.2f× bandwidth", name, factor).isLessThanOrEqualTo(previous);
        previous = t;
      }
    }
  }

  @ParameterizedTest(name = "{0} on {1} × {2}")
  @MethodSource("combinations")
  void higherCompressionNeverSendsMoreBytesNorTakesLongerOnTheWire(Workload w, Hardware h, int workers) {
    Scenario s = new Scenario(w, h.gpu(), h.link(), workers, Calibration.FITTED);
    double previousBytes = Double.POSITIVE_INFINITY;
    double previousComm = Double.POSITIVE_INFINITY;
    for (double ratio : new double[] {1, 2, 4, 7.9, 15.7, 64, 96}) {
      CodecCost codec = new CodecCost("r" + ratio, ratio, 6, 2);
      Estimate e = Methods.compact(codec).estimate(s);
      assertThat(e.bytesPerStep()).isLessThanOrEqualTo(previousBytes);
      assertThat(e.commSeconds()).isLessThanOrEqualTo(previousComm);
      previousBytes = e.bytesPerStep();
      previousComm = e.commSeconds();
    }
    double patchBytes = Methods.byName("patch").estimate(s).bytesPerStep();
    assertThat(Methods.byName("compact:1bit").estimate(s).bytesPerStep()).isLessThan(patchBytes);
  }

  @ParameterizedTest(name = "{0} on {1} × {2}")
  @MethodSource("combinations")
  void partsAddUpAndSequenceParallelComputeShrinksWithWorkers(Workload w, Hardware h, int workers) {
    Scenario s = new Scenario(w, h.gpu(), h.link(), workers, Calibration.FITTED);
    Scenario one = new Scenario(w, h.gpu(), h.link(), 1, Calibration.FITTED);
    for (String name : Methods.DEFAULT) {
      if (!runnable(name, w, workers)) {
        continue;
      }
      Estimate e = Methods.byName(name).estimate(s);
      assertThat(e.computeSeconds() + e.commSeconds() + e.codecSeconds() + e.unparallelisedSeconds())
          .as(name).isCloseTo(e.seconds(), within(1e-9 * e.seconds()));
    }
    assertThat(Methods.byName("patch").estimate(s).computeSeconds())
        .isLessThan(Methods.byName("serial").estimate(one).computeSeconds());
  }

}
