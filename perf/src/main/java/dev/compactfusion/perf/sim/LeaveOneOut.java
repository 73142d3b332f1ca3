package dev.compactfusion.perf.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Out-of-sample error of the calibration on one machine's column: each row predicted by a fit to
 * the other rows alone (the parameters those rows can determine are refitted; the rest keep their
 * assumptions). In-sample agreement of a few parameters with a few rows is interpolation; this is
 * the error to expect on a row the fit has not seen.
 */
public final class LeaveOneOut {
  private LeaveOneOut() {}

  /** One held-out row: what was published, what the fit without it predicts, and which parameters it fitted. */
  public record Row(String method, double published, double predicted, List<Parameter> fitted) {
    public double errorPercent() {
      return 100 * (predicted / published - 1);
    }
  }

  public static List<Row> run(Workload workload, Hardware hardware, int workers, Map<String, Double> column) {
    List<Row> rows = new ArrayList<>();
    for (String held : column.keySet()) {
      Map<String, Double> rest = new LinkedHashMap<>(column);
      rest.remove(held);
      Calibrator.Fit fit = Calibrator.fit(workload, hardware, workers, rest);
      rows.add(new Row(held, column.get(held),
          ParameterReach.seconds(held, fit.calibration(), workload, hardware, workers), fit.fitted()));
    }
    return rows;
  }
}
