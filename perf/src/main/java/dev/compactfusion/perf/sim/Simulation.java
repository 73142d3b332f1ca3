package dev.compactfusion.perf.sim;

import dev.compactfusion.perf.sim.method.Method;
import dev.compactfusion.perf.sim.method.Methods;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the model for a set of methods on a set of machines: the rows every report is made of. */
public final class Simulation {
  private Simulation() {}

  /**
   * One modelled method on one machine. {@code published} is NaN where no number was published
   * for this workload, machine and worker count.
   */
  public record Row(String workload, String hardware, int workers, Estimate estimate, double serialSeconds,
      double published) {

    public double speedup() {
      return serialSeconds / estimate.seconds();
    }

    public double errorPercent() {
      return 100 * (estimate.seconds() / published - 1);
    }

    public boolean hasPublished() {
      return !Double.isNaN(published);
    }
  }

  /** A method that cannot run on a machine (e.g. heads not divisible by the Ulysses degree), and why. */
  public record Skipped(String hardware, String method, String reason) {}

  /** Modelled rows and the methods left out; a report shows both. */
  public record Result(List<Row> rows, List<Skipped> skipped) {
    public Result {
      rows = List.copyOf(rows);
      skipped = List.copyOf(skipped);
    }
  }

  public static Result run(Workload workload, List<Hardware> machines, int workers, List<String> methodNames,
      Calibration calibration) {
    List<Method> methods = Methods.byNames(methodNames);
    List<Row> rows = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (Hardware hw : machines) {
      Scenario scenario = new Scenario(workload, hw.gpu(), hw.link(), workers, calibration);
      double serial = Methods.byName("serial").estimate(scenario).seconds();
      Map<String, Double> published = workload.name().equals(Anchors.WORKLOAD) && workers == Anchors.WORKERS
          ? Anchors.published(hw.name()) : Map.of();
      for (Method m : methods) {
        Estimate e;
        try {
          e = m.estimate(scenario);
        } catch (IllegalArgumentException notApplicable) {
          skipped.add(new Skipped(hw.name(), m.name(), notApplicable.getMessage()));
          continue;
        }
        rows.add(new Row(workload.name(), hw.name(), workers, e, serial,
            published.getOrDefault(e.method(), Double.NaN)));
      }
    }
    return new Result(rows, skipped);
  }
}
