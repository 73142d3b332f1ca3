package dev.compactfusion.perf.latency;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Time spent inside libtorch ops, from libtorch's own profiler: the chrome trace it writes lists
 * every op with start and duration; the union of those intervals (nested and parallel ops counted
 * once) is the time the process was inside a native op.
 */
final class NativeOpTrace {
  private NativeOpTrace() {}

  /** Runs {@code work} under the profiler; returns {wall seconds, seconds inside native ops}. */
  static double[] measure(Runnable work) throws IOException {
    Path trace = Files.createTempFile("compactfusion-trace", ".json");
    try {
      JniUtils.startProfile(false, false, false);
      long start = System.nanoTime();
      work.run();
      double wall = (System.nanoTime() - start) / 1e9;
      JniUtils.stopProfile(trace.toString());
      return new double[] {wall, insideOps(Files.readString(trace))};
    } finally {
      Files.deleteIfExists(trace);
    }
  }

  /** Seconds covered by the union of the trace's complete ("X") events. */
  static double insideOps(String json) {
    JsonElement root = JsonParser.parseString(json);
    JsonArray events = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
    List<double[]> spans = new ArrayList<>();
    for (JsonElement e : events) {
      JsonObject o = e.getAsJsonObject();
      if (o.has("ph") && o.get("ph").getAsString().equals("X") && o.has("dur")) {
        double ts = o.get("ts").getAsDouble();
        spans.add(new double[] {ts, ts + o.get("dur").getAsDouble()});
      }
    }
    spans.sort(Comparator.comparingDouble(s -> s[0]));
    double covered = 0;
    double end = Double.NEGATIVE_INFINITY;
    for (double[] s : spans) {
      if (s[1] <= end) {
        continue;
      }
      covered += s[1] - Math.max(s[0], end);
      end = s[1];
    }
    return covered / 1e6; // trace times are microseconds
  }
}
