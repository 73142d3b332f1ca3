package dev.compactfusion.perf.sim;

import dev.compactfusion.perf.sim.method.Methods;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A calibration refitted on demand, with the lines that show it next to the committed one: either
 * against a machine's published FLUX column or against the user's own {@code method,seconds}
 * measurements of one machine, where each measured row is also printed against the refitted model.
 * Bad input is an {@link IllegalArgumentException} (the user's to fix).
 */
public record Refit(Calibration calibration, String report) {
  /** A refit target that names a CSV file (by extension or because the file exists) is measurements. */
  public static boolean isMeasurementFile(String target) {
    return target.toLowerCase(Locale.ROOT).endsWith(".csv") || Files.isRegularFile(Path.of(target));
  }

  /** Fits to the measurements in {@code file}, taken with {@code workload} on {@code workers} x {@code machine}. */
  public static Refit toMeasurements(Path file, Workload workload, Hardware machine, int workers) {
    Map<String, Double> column = MeasuredColumn.read(file);
    Calibrator.Fit fit = Calibrator.fit(workload, machine, workers, column);
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "refitted calibration: %s (loss %.5f; %d measured rows)%ncommitted calibration: %s%n%s",
        fit.calibration(), fit.loss(), column.size(), Calibration.FITTED, describe(fit)));
    Scenario scenario = new Scenario(workload, machine.gpu(), machine.link(), workers, fit.calibration());
    for (Map.Entry<String, Double> row : column.entrySet()) {
      double modelled = Methods.byName(row.getKey()).estimate(scenario).seconds();
      text.append(String.format(Locale.ROOT, "  %s on %d× %s: measured %.3f s, refitted model %.3f s (%+.1f%%)%n",
          row.getKey(), workers, machine.name(), row.getValue(), modelled, 100 * (modelled / row.getValue() - 1)));
    }
    text.append(System.lineSeparator());
    return new Refit(fit.calibration(), text.toString());
  }

  /** Fits to the latencies published for the machine preset {@code name} (the FLUX workload they were taken on). */
  public static Refit toPublished(String name) {
    Hardware anchored = Presets.named(Presets.hardware(), "hardware", name);
    if (Anchors.published(anchored.name()).isEmpty()) {
      throw new IllegalArgumentException(name + ": nothing was published for that machine; "
          + "use l20-pcie or h20-nvlink, or a CSV file of your own method,seconds measurements");
    }
    Calibrator.Fit fit = Calibrator.fit(Presets.workloads().get(Anchors.WORKLOAD), anchored, Anchors.WORKERS,
        Anchors.published(anchored.name()));
    Workload workload = Presets.workloads().get(Anchors.WORKLOAD);
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "refitted calibration: %s (loss %.5f)%ncommitted calibration: %s%n%s", fit.calibration(), fit.loss(),
        Calibration.FITTED, describe(fit)));
    text.append("leave-one-out (each row predicted by a fit to the others):").append(System.lineSeparator());
    double worst = 0;
    for (LeaveOneOut.Row row : LeaveOneOut.run(workload, anchored, Anchors.WORKERS, Anchors.published(anchored.name()))) {
      worst = Math.max(worst, Math.abs(row.errorPercent()));
      text.append(String.format(Locale.ROOT, "  %s: published %.2f s, predicted %.2f s (%+.1f%%)%n", row.method(),
          row.published(), row.predicted(), row.errorPercent()));
    }
    text.append(String.format(Locale.ROOT, "  largest leave-one-out error %.1f%%%n%n", worst));
    return new Refit(fit.calibration(), text.toString());
  }

  /** Which parameters were fitted and which rows each parameter moves (those under three stay assumed). */
  private static String describe(Calibrator.Fit fit) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<Parameter, List<String>> e : fit.reach().entrySet()) {
      text.append(String.format(Locale.ROOT, "  %s: %s, moves %s%n", e.getKey().label(),
          fit.fitted().contains(e.getKey()) ? "fitted" : "assumed " + e.getKey().of(fit.calibration()),
          e.getValue().isEmpty() ? "no row" : String.join(", ", e.getValue())));
    }
    return text.toString();
  }
}
