package dev.compactfusion.perf.slownet;

import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.CaseResult;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.chart.Chart;
import dev.compactfusion.perf.chart.LineChart;
import dev.compactfusion.perf.chart.LineSeries;
import dev.compactfusion.perf.chart.Point;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The suite's two pictures: latency against link rate, one line per method; and, at the slowest
 * link, each method's speedup over serial against its PSNR versus serial from a fidelity page, so
 * that a speedup is never shown without what it costs. PSNR is drawn clipped at
 * {@link #PSNR_CLIP} dB: exact methods have none (∞) and near-exact ones far above what an eye sees.
 */
public final class SuiteCharts {
  public static final String LATENCY_VS_LINK = "latency-vs-link.png";
  public static final String SPEED_VS_FIDELITY = "speed-vs-fidelity.png";
  public static final double PSNR_CLIP = 60;

  private SuiteCharts() {}

  public static Map<String, Chart> of(BenchResults results, SuiteReport report, Optional<FidelityRows> fidelity) {
    Map<String, Chart> charts = new LinkedHashMap<>();
    Map<String, List<Point>> byMethod = new LinkedHashMap<>();
    for (CaseResult c : report.linked()) {
      byMethod.computeIfAbsent(c.benchCase().method().name(), m -> new ArrayList<>())
          .add(new Point(c.benchCase().link().megabits(), c.latency().median()));
    }
    if (!byMethod.isEmpty()) {
      List<LineSeries> lines = new ArrayList<>();
      byMethod.forEach((name, points) -> {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::x));
        lines.add(new LineSeries(name, sorted));
      });
      charts.put(LATENCY_VS_LINK, new LineChart("Denoising latency vs link rate (" + results.settings().model()
          + ", median)", "link rate per worker interface (Mbit/s)", "seconds", lines, true));
    }
    speedVsFidelity(results, report, fidelity).ifPresent(c -> charts.put(SPEED_VS_FIDELITY, c));
    return charts;
  }

  private static Optional<Chart> speedVsFidelity(BenchResults results, SuiteReport report,
      Optional<FidelityRows> fidelity) {
    Optional<LinkSetting> slowest = report.slowest();
    if (fidelity.isEmpty() || slowest.isEmpty() || results.serial().isEmpty()) {
      return Optional.empty();
    }
    List<LineSeries> points = new ArrayList<>();
    for (CaseResult c : report.linked()) {
      if (!c.benchCase().link().equals(slowest.get())) {
        continue;
      }
      Optional<Double> psnr = fidelity.get().psnr(c.benchCase().method());
      psnr.ifPresent(p -> points.add(new LineSeries(c.benchCase().method().name(),
          List.of(new Point(Math.min(PSNR_CLIP, p), results.speedup(c))))));
    }
    if (points.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new LineChart("Speedup over serial at " + slowest.get().name() + " vs PSNR against serial ("
        + fidelity.get().source().getFileName() + ", clipped at " + (int) PSNR_CLIP + " dB)",
        "PSNR vs serial (dB)", "speedup over serial", points, false));
  }
}
