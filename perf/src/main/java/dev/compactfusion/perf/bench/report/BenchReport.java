package dev.compactfusion.perf.bench.report;

import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.chart.Chart;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a bench's results directory: results.json, results.csv (per case), runs.csv, steps.csv
 * (the per-step breakdown), results.md and the charts.
 */
public final class BenchReport {
  public static final List<String> TEXT_FILES =
      List.of("results.json", "results.csv", "runs.csv", "steps.csv", "results.md");

  private BenchReport() {}

  /** Writes the directory and returns the names of the files written. */
  public static List<String> write(Path dir, BenchResults results) {
    return write(dir, results, Map.of());
  }

  /** As {@link #write(Path, BenchResults)}, with further text files (e.g. a suite's summary) in the same write. */
  public static List<String> write(Path dir, BenchResults results, Map<String, String> extraTexts) {
    return write(dir, results, extraTexts, Map.of());
  }

  /** As {@link #write(Path, BenchResults, Map)}, with further charts. */
  public static List<String> write(Path dir, BenchResults results, Map<String, String> extraTexts,
      Map<String, Chart> extraCharts) {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("results.json", ResultsJson.of(results));
    texts.put("results.csv", ResultsCsv.cases(results));
    texts.put("runs.csv", ResultsCsv.runs(results));
    texts.put("steps.csv", ResultsCsv.steps(results));
    texts.put("results.md", ResultsMarkdown.of(results));
    texts.putAll(extraTexts);
    Map<String, Chart> charts = new LinkedHashMap<>(ResultsCharts.of(results));
    charts.putAll(extraCharts);
    OutputDirectory.write(dir, texts, charts);
    List<String> names = new java.util.ArrayList<>(texts.keySet());
    names.addAll(charts.keySet());
    return names;
  }
}
