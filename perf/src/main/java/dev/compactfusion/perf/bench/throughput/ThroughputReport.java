package dev.compactfusion.perf.bench.throughput;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.report.OutputDirectory;
import dev.compactfusion.perf.chart.Bar;
import dev.compactfusion.perf.chart.BarChart;
import dev.compactfusion.perf.chart.Chart;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** throughput.json, throughput.csv, throughput.md and throughput.png for a throughput bench. */
public final class ThroughputReport {
  private ThroughputReport() {}

  public static String markdown(ThroughputResults r) {
    BenchSettings s = r.settings();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "### MEASURED: throughput, %s, %d requests of %d steps, %d workers (%s)%n%n", s.model(),
        r.rows().get(0).requests(), s.steps(), r.rows().get(0).workers(), s.launcher().cliName()));
    out.append("| mode | method | seconds | images/min | vs data parallel |\n|---|---|---:|---:|---:|\n");
    for (ThroughputRow row : r.rows()) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f× |%n", row.mode(), row.method(),
          row.seconds(), row.imagesPerMinute(), r.relative(row)));
    }
    out.append(String.format(Locale.ROOT, "%nData parallel runs the requests on %d threads of one JVM, each "
        + "request a one-worker generation with its own model copy. Warm-up requests per mode: %d. Machine: %s. "
        + "Started %s.%n", r.rows().get(0).workers(), s.warmupRuns(), r.machine(), r.started()));
    return out.toString();
  }

  public static String csv(ThroughputResults r) {
    StringBuilder out = new StringBuilder("mode,method,workers,requests,steps,seconds,images_per_minute,relative\n");
    for (ThroughputRow row : r.rows()) {
      out.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.4f,%.4f,%.4f%n", row.mode(), row.method(),
          row.workers(), row.requests(), r.settings().steps(), row.seconds(), row.imagesPerMinute(), r.relative(row)));
    }
    return out.toString();
  }

  public static String json(ThroughputResults r) {
    JsonObject root = new JsonObject();
    root.addProperty("modelled", false);
    root.addProperty("started", r.started());
    root.addProperty("machine", r.machine());
    root.addProperty("model", r.settings().model());
    root.addProperty("steps", r.settings().steps());
    root.addProperty("warmup_requests_per_mode", r.settings().warmupRuns());
    JsonArray rows = new JsonArray();
    for (ThroughputRow row : r.rows()) {
      JsonObject o = new JsonObject();
      o.addProperty("mode", row.mode());
      o.addProperty("method", row.method());
      o.addProperty("workers", row.workers());
      o.addProperty("requests", row.requests());
      o.addProperty("seconds", row.seconds());
      o.addProperty("images_per_minute", row.imagesPerMinute());
      o.addProperty("relative_to_data_parallel", r.relative(row));
      rows.add(o);
    }
    root.add("rows", rows);
    return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
  }

  public static List<String> write(Path dir, ThroughputResults r) {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("throughput.json", json(r));
    texts.put("throughput.csv", csv(r));
    texts.put("throughput.md", markdown(r));
    List<Bar> bars = r.rows().stream()
        .map(row -> Bar.of("images/min", row.mode().equals(ThroughputBench.DATA_PARALLEL) ? "data parallel"
            : row.method(), row.imagesPerMinute()))
        .toList();
    Map<String, Chart> charts = Map.of("throughput.png", new BarChart("Throughput, " + r.settings().model()
        + " (" + r.rows().get(0).workers() + " workers)", "mode", "images per minute", bars));
    OutputDirectory.write(dir, texts, charts);
    List<String> names = new java.util.ArrayList<>(texts.keySet());
    names.add("throughput.png");
    return names;
  }
}
