package dev.compactfusion.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsJsonTest {

  private static RunStats twoWorkersTwoSteps() {
    WorkerStats w0 = new WorkerStats(0, 100, 5, List.of(
        new StepStats(0, 1_000_000_000L, 200_000_000L, 0, 1000, 1000),
        new StepStats(1, 3_000_000_000L, 0, 100_000_000L, 80, 1000)), 4096, 1, Map.of("ring", 1000L, "cfg", 80L));
    WorkerStats w1 = new WorkerStats(1, 101, 7, List.of(
        new StepStats(0, 2_000_000_000L, 400_000_000L, 0, 1200, 1200),
        new StepStats(1, 2_000_000_000L, 0, 300_000_000L, 90, 1200)), 2048, 1, Map.of("ring", 1200L, "cfg", 90L));
    return new RunStats("ring", "1bit", "ef", 1, false, 1, 2, "threads", "local", 2, 500_000_000L, 9_000_000_000L, List.of(w0, w1));
  }

  @Test
  void writesThePromisedFieldsWithTotalsThatAddUp(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("stats.json");
    StatsJson.write(out, StatsJson.toJson(twoWorkersTwoSteps()));
    JsonObject o = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    for (String field : List.of("strategy", "codec", "workers", "steps", "wall_seconds", "bytes_sent", "bytes_raw",
        "compute_seconds", "comm_seconds", "per_step", "per_worker")) {
      assertThat(o.has(field)).as(field).isTrue();
    }
    assertThat(o.get("strategy").getAsString()).isEqualTo("ring");
    assertThat(o.get("workers").getAsInt()).isEqualTo(2);
    assertThat(o.get("wall_seconds").getAsDouble()).isEqualTo(9.0);
    assertThat(o.get("launch_seconds").getAsDouble()).isEqualTo(0.5);
    assertThat(o.get("bytes_sent").getAsLong()).isEqualTo(1000 + 80 + 1200 + 90);
    assertThat(o.get("bytes_raw").getAsLong()).isEqualTo(4400);
    JsonObject kinds = o.getAsJsonObject("bytes_by_kind");
    assertThat(kinds.keySet()).containsExactly("cfg", "ring"); // sorted, summed over workers
    assertThat(kinds.get("ring").getAsLong()).isEqualTo(2200);
    assertThat(kinds.get("cfg").getAsLong()).isEqualTo(170);
    assertThat(o.getAsJsonArray("per_worker").get(1).getAsJsonObject().getAsJsonObject("bytes_by_kind")
        .get("ring").getAsLong()).isEqualTo(1200);
    // Times are means over workers: compute (1+3 and 2+2)/2, comm (0.2 and 0.4)/2.
    assertThat(o.get("compute_seconds").getAsDouble()).isEqualTo(4.0);
    assertThat(o.get("comm_seconds").getAsDouble()).isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
    JsonArray steps = o.getAsJsonArray("per_step");
    assertThat(steps).hasSize(2);
    long sum = 0;
    for (JsonElement s : steps) {
      sum += s.getAsJsonObject().get("bytes_sent").getAsLong();
    }
    assertThat(sum).isEqualTo(o.get("bytes_sent").getAsLong());
    assertThat(steps.get(1).getAsJsonObject().get("bytes_sent").getAsLong()).isEqualTo(170);
    assertThat(o.getAsJsonArray("per_worker").get(1).getAsJsonObject().get("pid").getAsLong()).isEqualTo(101);
    assertThat(o.getAsJsonArray("per_worker").get(0).getAsJsonObject().get("weight_bytes").getAsLong()).isEqualTo(4096);
    assertThat(o.getAsJsonArray("per_worker").get(1).getAsJsonObject().get("weight_bytes").getAsLong()).isEqualTo(2048);
    assertThat(Files.list(dir)).containsExactly(out);
  }
}
