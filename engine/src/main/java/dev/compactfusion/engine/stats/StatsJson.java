package dev.compactfusion.engine.stats;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.compactfusion.models.generate.GenerationRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The {@code --stats} file (a contract in docs/design.md): the promised top-level fields, then the per-step
 * breakdown (bytes summed over workers, times averaged over workers) and per-worker totals.
 */
public final class StatsJson {
  private StatsJson() {}

  public static JsonObject toJson(RunStats s) {
    JsonObject o = new JsonObject();
    o.addProperty("strategy", s.strategy());
    o.addProperty("codec", s.codec());
    o.addProperty("residual", s.residual());
    o.addProperty("warmup", s.warmup());
    o.addProperty("cfg_parallel", s.cfgParallel());
    o.addProperty("ulysses_degree", s.ulyssesDegree());
    o.addProperty("ring_degree", s.ringDegree());
    o.addProperty("launcher", s.launcher());
    o.addProperty("comm", s.comm());
    o.addProperty("workers", s.workers().size());
    o.addProperty("steps", s.steps());
    o.addProperty("wall_seconds", s.wallSeconds());
    o.addProperty("launch_seconds", s.launchSeconds());
    o.addProperty("bytes_sent", s.bytesSent());
    o.add("bytes_by_kind", kinds(s.bytesByKind()));
    o.addProperty("bytes_raw", s.bytesRaw());
    o.addProperty("compute_seconds", s.computeSeconds());
    o.addProperty("comm_seconds", s.commSeconds());
    o.addProperty("codec_seconds", s.codecSeconds());
    JsonArray steps = new JsonArray();
    for (int i = 0; i < s.steps(); i++) {
      StepStats st = s.step(i);
      JsonObject j = new JsonObject();
      j.addProperty("step", i);
      j.addProperty("bytes_sent", st.bytesSent());
      j.addProperty("bytes_raw", st.bytesRaw());
      j.addProperty("compute_seconds", st.computeNanos() / 1e9);
      j.addProperty("comm_seconds", st.commNanos() / 1e9);
      j.addProperty("codec_seconds", st.codecNanos() / 1e9);
      steps.add(j);
    }
    o.add("per_step", steps);
    JsonArray workers = new JsonArray();
    for (WorkerStats w : s.workers()) {
      JsonObject j = new JsonObject();
      j.addProperty("rank", w.rank());
      j.addProperty("pid", w.pid());
      j.addProperty("load_seconds", w.loadNanos() / 1e9);
      j.addProperty("model_loads", w.modelLoads());
      j.addProperty("bytes_sent", w.bytesSent());
      j.add("bytes_by_kind", kinds(w.bytesByKind()));
      j.addProperty("bytes_raw", w.bytesRaw());
      j.addProperty("compute_seconds", w.computeNanos() / 1e9);
      j.addProperty("comm_seconds", w.commNanos() / 1e9);
      j.addProperty("codec_seconds", w.codecNanos() / 1e9);
      j.addProperty("weight_bytes", w.weightBytes());
      workers.add(j);
    }
    o.add("per_worker", workers);
    return o;
  }

  private static JsonObject kinds(Map<String, Long> bytesByKind) {
    JsonObject o = new JsonObject();
    bytesByKind.forEach(o::addProperty);
    return o;
  }

  /**
   * The same with what was asked: the model as located, the prompt, seed and guidance, and the
   * model's token count (the {@code --stats} file of {@code generate}, and each answer of {@code serve}).
   */
  public static JsonObject toJson(RunStats s, GenerationRequest request, String model, int tokens) {
    JsonObject json = toJson(s);
    json.addProperty("model", model);
    json.addProperty("prompt", request.prompt());
    json.addProperty("seed", request.seed());
    json.addProperty("guidance", request.guidance());
    json.addProperty("tokens", tokens);
    return json;
  }

  /** Writes the JSON atomically: a temp file beside {@code out}, then a rename. */
  public static void write(Path out, JsonObject json) throws IOException {
    Path abs = out.toAbsolutePath();
    Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n",
          StandardCharsets.UTF_8);
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
