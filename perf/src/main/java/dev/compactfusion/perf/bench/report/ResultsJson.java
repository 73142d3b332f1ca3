package dev.compactfusion.perf.bench.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.CaseResult;
import dev.compactfusion.perf.bench.RunRecord;
import dev.compactfusion.perf.bench.Spread;
import dev.compactfusion.perf.bench.StepBreakdown;

/** The whole bench as JSON: settings, machine, and per case its summary, runs and steps. */
public final class ResultsJson {
  private ResultsJson() {}

  public static String of(BenchResults results) {
    JsonObject root = new JsonObject();
    root.addProperty("modelled", false);
    root.addProperty("started", results.started());
    root.addProperty("machine", results.machine());
    BenchSettings s = results.settings();
    JsonObject settings = new JsonObject();
    settings.addProperty("model", s.model());
    settings.addProperty("prompt", s.prompt());
    settings.addProperty("seed", s.seed());
    settings.addProperty("steps", s.steps());
    settings.addProperty("guidance", s.guidance());
    settings.addProperty("warmup_runs", s.warmupRuns());
    settings.addProperty("runs", s.runs());
    settings.addProperty("launcher", s.launcher().cliName());
    settings.addProperty("warmup_steps", s.warmupSteps());
    root.add("settings", settings);
    JsonArray cases = new JsonArray();
    for (CaseResult c : results.cases()) {
      cases.add(caseJson(results, c));
    }
    root.add("cases", cases);
    return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(root) + "\n";
  }

  private static JsonObject caseJson(BenchResults results, CaseResult c) {
    BenchCase k = c.benchCase();
    JsonObject o = new JsonObject();
    o.addProperty("method", k.method().name());
    o.addProperty("strategy", k.method().strategy().cliName());
    o.addProperty("codec", k.method().codec().toString());
    o.addProperty("workers", k.workers());
    o.addProperty("link", k.link().name());
    o.addProperty("link_bits_per_second", k.link().bitsPerSecond());
    o.addProperty("steps", c.steps());
    if (!c.ok()) {
      o.addProperty("error", c.error());
      return o;
    }
    Spread l = c.latency();
    JsonObject latency = new JsonObject();
    latency.addProperty("median", l.median());
    latency.addProperty("min", l.min());
    latency.addProperty("max", l.max());
    latency.addProperty("q1", l.q1());
    latency.addProperty("q3", l.q3());
    o.add("latency_seconds", latency);
    double speedup = results.speedup(c);
    if (!Double.isNaN(speedup)) {
      o.addProperty("speedup_vs_serial", speedup);
    }
    o.addProperty("bytes_per_step_per_worker", c.bytesPerStepPerWorker());
    o.addProperty("raw_bytes_per_step_per_worker", c.rawBytesPerStepPerWorker());
    JsonArray runs = new JsonArray();
    for (RunRecord r : c.runs()) {
      JsonObject j = new JsonObject();
      j.addProperty("run", r.run());
      j.addProperty("latency_seconds", r.latencySeconds());
      j.addProperty("wall_seconds", r.wallSeconds());
      j.addProperty("compute_seconds", r.computeSeconds());
      j.addProperty("comm_seconds", r.commSeconds());
      j.addProperty("codec_seconds", r.codecSeconds());
      j.addProperty("bytes_sent", r.bytesSent());
      j.addProperty("bytes_raw", r.bytesRaw());
      JsonArray perWorker = new JsonArray();
      r.bytesSentPerWorker().forEach(perWorker::add);
      j.add("bytes_sent_per_worker", perWorker);
      JsonArray steps = new JsonArray();
      for (StepBreakdown st : r.steps()) {
        JsonObject x = new JsonObject();
        x.addProperty("step", st.step());
        x.addProperty("compute_seconds", st.computeSeconds());
        x.addProperty("comm_seconds", st.commSeconds());
        x.addProperty("codec_seconds", st.codecSeconds());
        x.addProperty("bytes_sent", st.bytesSent());
        x.addProperty("bytes_raw", st.bytesRaw());
        steps.add(x);
      }
      j.add("per_step", steps);
      runs.add(j);
    }
    o.add("runs", runs);
    return o;
  }
}
