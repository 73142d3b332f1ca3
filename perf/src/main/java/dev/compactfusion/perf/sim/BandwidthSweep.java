package dev.compactfusion.perf.sim;

import dev.compactfusion.perf.sim.method.Method;
import dev.compactfusion.perf.sim.method.Methods;
import java.util.ArrayList;
import java.util.List;

/**
 * Speedup over one GPU as the link's bandwidth varies, everything else of a machine fixed: where
 * each method stops being communication-bound. The link keeps its topology and latency; it is
 * renamed so that no calibrated bandwidth replaces the swept one.
 */
public final class BandwidthSweep {
  /** Link rates swept, Gbit/s: 0.1 to 3200 (NVLink-class) in roughly ×2 steps. */
  public static final double[] GBITS = {
      0.1, 0.2, 0.5, 1, 2, 5, 10, 25, 50, 100, 200, 400, 800, 1600, 3200};

  private BandwidthSweep() {}

  /** One method's speedup at one link rate. */
  public record Point(String method, double gbits, double seconds, double speedup) {}

  public static List<Point> run(Workload workload, Hardware machine, int workers, List<String> methodNames,
      Calibration calibration) {
    List<Point> points = new ArrayList<>();
    for (double gbits : GBITS) {
      LinkSpec link = new LinkSpec(machine.link().name() + "@" + gbits + "gbit", gbits / 8,
          machine.link().latencyUs(), machine.link().topology());
      Scenario s = new Scenario(workload, machine.gpu(), link, workers, calibration);
      double serial = Methods.byName("serial").estimate(s).seconds();
      for (String name : methodNames) {
        Method m = Methods.byName(name);
        try {
          double t = m.estimate(s).seconds();
          points.add(new Point(m.name(), gbits, t, serial / t));
        } catch (IllegalArgumentException notApplicable) {
          // listed as "Not modelled" in the tables already
        }
      }
    }
    return points;
  }
}
