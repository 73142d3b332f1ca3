package dev.compactfusion.perf.sim;

import dev.compactfusion.perf.sim.method.Methods;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which rows each parameter can move: a parameter reaches a row when moving it from the low to the
 * high end of its range, the others held, changes that row's prediction by more than
 * {@link #MOVES}. A parameter that reaches fewer than {@link #MIN_ROWS} rows would be set by those
 * rows alone, which is interpolation, not a measurement; the calibrator keeps it at its stated
 * assumption instead.
 */
public final class ParameterReach {
  public static final double MOVES = 0.01;
  public static final int MIN_ROWS = 3;

  private ParameterReach() {}

  /** The rows of {@code methods} each parameter reaches, around {@code at}. */
  public static Map<Parameter, List<String>> of(Calibration at, Workload workload, Hardware hardware, int workers,
      Iterable<String> methods) {
    Map<Parameter, List<String>> reach = new EnumMap<>(Parameter.class);
    for (Parameter p : Parameter.values()) {
      double[] range = p.range(hardware.link());
      Calibration low = p.with(at, range[0]);
      Calibration high = p.with(at, range[1]);
      List<String> rows = new ArrayList<>();
      for (String method : methods) {
        double a = seconds(method, low, workload, hardware, workers);
        double b = seconds(method, high, workload, hardware, workers);
        if (Math.abs(a / b - 1) > MOVES) {
          rows.add(method);
        }
      }
      reach.put(p, List.copyOf(rows));
    }
    return reach;
  }

  /** The parameters that reach at least {@link #MIN_ROWS} rows: the ones the data can determine. */
  public static List<Parameter> fittable(Map<Parameter, List<String>> reach) {
    return reach.entrySet().stream().filter(e -> e.getValue().size() >= MIN_ROWS).map(Map.Entry::getKey).toList();
  }

  static double seconds(String method, Calibration c, Workload workload, Hardware hardware, int workers) {
    return Methods.byName(method).estimate(new Scenario(workload, hardware.gpu(), hardware.link(), workers, c))
        .seconds();
  }
}
