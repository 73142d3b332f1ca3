package dev.compactfusion.perf.bench.report;

import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.CaseResult;
import dev.compactfusion.perf.bench.Spread;
import dev.compactfusion.perf.chart.Bar;
import dev.compactfusion.perf.chart.BarChart;
import dev.compactfusion.perf.chart.Chart;
import dev.compactfusion.perf.chart.LineChart;
import dev.compactfusion.perf.chart.LineSeries;
import dev.compactfusion.perf.chart.Point;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's charts: latency per method (median, error bar = half the min–max range), bytes per
 * step per method, and speedup over serial against link bandwidth. The last needs a serial run and
 * at least one emulated link; without them it is left out.
 */
public final class ResultsCharts {
  public static final String LATENCY = "latency.png";
  public static final String BYTES = "bytes-per-step.png";
  public static final String SPEEDUP = "speedup-vs-link.png";

  private ResultsCharts() {}

  public static Map<String, Chart> of(BenchResults results) {
    Map<String, Chart> charts = new LinkedHashMap<>();
    List<CaseResult> ok = results.succeeded();
    if (ok.isEmpty()) {
      return charts;
    }
    String model = results.settings().model();
    List<Bar> latency = new ArrayList<>();
    List<Bar> bytes = new ArrayList<>();
    for (CaseResult c : ok) {
      BenchCase k = c.benchCase();
      Spread l = c.latency();
      latency.add(new Bar(k.workers() + " workers @ " + k.link().name(), k.method().name(), l.median(), l.halfRange()));
      String series = k.workers() + " workers";
      String method = k.method().name();
      if (bytes.stream().noneMatch(b -> b.series().equals(series) && b.category().equals(method))) {
        bytes.add(Bar.of(series, method, c.bytesPerStepPerWorker() / 1e6));
      }
    }
    charts.put(LATENCY, new BarChart("Denoising latency per method (" + model + ", median, bar = min–max)",
        "method", "seconds", latency));
    charts.put(BYTES, new BarChart("Bytes sent per step per worker (" + model + ")", "method", "MB", bytes));
    speedup(results).ifPresent(c -> charts.put(SPEEDUP, c));
    return charts;
  }

  private static java.util.Optional<Chart> speedup(BenchResults results) {
    if (results.serial().isEmpty()) {
      return java.util.Optional.empty();
    }
    Map<String, List<Point>> series = new LinkedHashMap<>();
    for (CaseResult c : results.succeeded()) {
      BenchCase k = c.benchCase();
      if (k.method().serial() || !k.link().emulated()) {
        continue;
      }
      series.computeIfAbsent(k.method().name() + " x" + k.workers(), x -> new ArrayList<>())
          .add(new Point(k.link().megabits(), results.speedup(c)));
    }
    if (series.isEmpty()) {
      return java.util.Optional.empty();
    }
    List<LineSeries> lines = new ArrayList<>();
    series.forEach((name, points) -> {
      List<Point> sorted = new ArrayList<>(points);
      sorted.sort((a, b) -> Double.compare(a.x(), b.x()));
      lines.add(new LineSeries(name, sorted));
    });
    return java.util.Optional.of(new LineChart("Speedup over serial vs link bandwidth ("
        + results.settings().model() + ")", "link bandwidth (Mbit/s)", "speedup vs serial", lines, true));
  }
}
