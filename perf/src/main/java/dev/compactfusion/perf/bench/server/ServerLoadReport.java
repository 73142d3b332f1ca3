package dev.compactfusion.perf.bench.server;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.compactfusion.perf.bench.report.OutputDirectory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;

/** server-throughput.json, .csv (one row per request) and .md for a load against a server. */
public final class ServerLoadReport {
  private static final double[] PERCENTILES = {50, 95, 99};

  private ServerLoadReport() {}

  public static String markdown(ServerLoadResults r) {
    ServerLoadSettings s = r.settings();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "### MEASURED: server throughput, %s, %d requests from %d concurrent clients, %s steps%n%n", s.server(),
        s.requests(), s.clients(), s.steps() == null ? "the server's default" : s.steps().toString()));
    out.append(String.format(Locale.ROOT, "%d of %d answered 200 (%s) in %.2f s: **%.2f images/min**%n%n",
        r.succeeded(), s.requests(), statuses(r), r.seconds(), r.imagesPerMinute()));
    out.append("| seconds | p50 | p95 | p99 |\n|---|---:|---:|---:|\n");
    out.append(row("latency (client: sent to answer read)", r::latency));
    out.append(row("outside the run (latency − stats wall_seconds)", r::outsideRun));
    out.append(String.format(Locale.ROOT, "%nPercentiles over the 200 answers, nearest rank. The server reports "
        + "each run's wall time in its answer's stats but not its queue wait, so \"outside the run\" is queue wait "
        + "plus HTTP, JSON and PNG encoding. Closed loop: each client sends its next request when its last is "
        + "answered. Prompt \"%s\", seeds %d..%d. Started %s.%n", s.prompt(), s.seed(),
        s.seed() + s.requests() - 1, r.started()));
    return out.toString();
  }

  private static String row(String name, DoubleUnaryOperator percentile) {
    StringBuilder b = new StringBuilder("| " + name);
    for (double p : PERCENTILES) {
      b.append(String.format(Locale.ROOT, " | %.3f", percentile.applyAsDouble(p)));
    }
    return b.append(" |\n").toString();
  }

  private static String statuses(ServerLoadResults r) {
    return r.statuses().entrySet().stream()
        .map(e -> (e.getKey() == 0 ? "no answer" : e.getKey().toString()) + ": " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  public static String csv(ServerLoadResults r) {
    StringBuilder out = new StringBuilder("request,status,latency_seconds,run_seconds,error\n");
    for (ServerSample s : r.samples()) {
      out.append(String.format(Locale.ROOT, "%d,%d,%.4f,%s,%s%n", s.request(), s.status(), s.latencySeconds(),
          Double.isNaN(s.runSeconds()) ? "" : String.format(Locale.ROOT, "%.4f", s.runSeconds()),
          s.error() == null ? "" : "\"" + s.error().replace("\"", "\"\"") + "\""));
    }
    return out.toString();
  }

  public static String json(ServerLoadResults r) {
    JsonObject root = new JsonObject();
    root.addProperty("modelled", false);
    root.addProperty("started", r.started());
    root.addProperty("server", r.settings().server().toString());
    root.addProperty("clients", r.settings().clients());
    root.addProperty("requests", r.settings().requests());
    root.addProperty("succeeded", r.succeeded());
    JsonObject statuses = new JsonObject();
    r.statuses().forEach((code, n) -> statuses.addProperty(code.toString(), n));
    root.add("statuses", statuses);
    root.addProperty("seconds", r.seconds());
    root.addProperty("images_per_minute", r.imagesPerMinute());
    JsonObject latency = new JsonObject();
    JsonObject outside = new JsonObject();
    for (double p : PERCENTILES) {
      latency.addProperty("p" + (int) p, r.latency(p));
      outside.addProperty("p" + (int) p, r.outsideRun(p));
    }
    root.add("latency_seconds", latency);
    root.add("outside_run_seconds", outside);
    JsonArray failures = new JsonArray();
    for (ServerSample s : r.samples()) {
      if (!s.ok()) {
        JsonObject f = new JsonObject();
        f.addProperty("request", s.request());
        f.addProperty("status", s.status());
        f.addProperty("error", s.error());
        failures.add(f);
      }
    }
    root.add("failures", failures);
    return new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create().toJson(root) + "\n";
  }

  public static List<String> write(Path dir, ServerLoadResults r) {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("server-throughput.json", json(r));
    texts.put("server-throughput.csv", csv(r));
    texts.put("server-throughput.md", markdown(r));
    OutputDirectory.write(dir, texts, Map.of());
    return List.copyOf(texts.keySet());
  }
}
