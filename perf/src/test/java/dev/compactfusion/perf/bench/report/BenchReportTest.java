package dev.compactfusion.perf.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.CaseResult;
import dev.compactfusion.perf.bench.Fixtures;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MethodSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
  private static BenchResults results() {
    return new BenchResults(Fixtures.settings(4, 1, 3), "test machine, with a comma", "2026-11-27T12:00:00Z", List.of(
        Fixtures.result("serial", 1, "none", 4, 8.0, 6.0, 7.0),
        Fixtures.result("patch", 2, "none", 4, 4.0, 3.0, 5.0),
        Fixtures.result("compact:1bit", 2, "none", 4, 2.0, 2.0, 2.0),
        Fixtures.result("patch", 2, "100mbit", 4, 7.0, 7.0, 7.0),
        CaseResult.failed(new BenchCase(MethodSpec.parse("ring"), 2, LinkSetting.NONE), 4, "worker 1 failed: x, y")));
  }

  @Test
  void casesCsvHasOneRowPerCaseWithMediansSpreadAndSpeedup() {
    List<String> lines = ResultsCsv.cases(results()).lines().toList();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).startsWith("modelled,model,method,strategy,codec,workers,link,link_mbit,steps,runs,"
        + "latency_median_s,latency_min_s,latency_max_s");
    int columns = lines.get(0).split(",", -1).length;
    assertThat(lines.get(1)).startsWith("false,shapes-image,serial,serial,none,1,none,,4,3,7.0000,6.0000,8.0000,"
        + "6.5000,7.5000,1.0000,");
    assertThat(lines.get(2)).startsWith("false,shapes-image,patch,patch,none,2,none,,4,3,4.0000,3.0000,5.0000,"
        + "3.5000,4.5000,1.7500,");
    assertThat(lines.get(3)).startsWith("false,shapes-image,compact:1bit,patch,1bit,2,none,,4,3,2.0000,");
    assertThat(lines.get(4)).contains(",100mbit,100.0000,");
    assertThat(lines.get(5)).startsWith("false,shapes-image,ring,ring,none,2,none,,4,0,")
        .endsWith(",\"worker 1 failed: x, y\"");
    for (String l : lines.subList(1, 5)) {
      assertThat(l.split(",", -1)).hasSize(columns);
    }
  }

  @Test
  void runsAndStepsCsvHaveARowPerTimedRunAndStep() {
    List<String> runs = ResultsCsv.runs(results()).lines().toList();
    assertThat(runs).hasSize(1 + 4 * 3);
    assertThat(runs.get(1)).startsWith("serial,1,none,0,8.0000,8.5000,");
    List<String> steps = ResultsCsv.steps(results()).lines().toList();
    assertThat(steps).hasSize(1 + 4 * 3 * 4);
    assertThat(steps.get(0)).isEqualTo("method,workers,link,run,step,compute_s,comm_s,codec_s,bytes_sent,bytes_raw");
    // fixture step: compute 10 ms (+ rank), comm 5 ms, codec 1 ms; one worker sends 2000 bytes
    assertThat(steps.get(1)).isEqualTo("serial,1,none,0,0,0.01000,0.00500,0.00100,2000,4000");
  }

  @Test
  void jsonCarriesSettingsSummariesRunsAndSteps() {
    JsonObject root = JsonParser.parseString(ResultsJson.of(results())).getAsJsonObject();
    assertThat(root.get("modelled").getAsBoolean()).isFalse();
    assertThat(root.getAsJsonObject("settings").get("runs").getAsInt()).isEqualTo(3);
    JsonArray cases = root.getAsJsonArray("cases");
    assertThat(cases).hasSize(5);
    JsonObject patch = cases.get(1).getAsJsonObject();
    assertThat(patch.get("method").getAsString()).isEqualTo("patch");
    assertThat(patch.getAsJsonObject("latency_seconds").get("median").getAsDouble()).isEqualTo(4.0);
    assertThat(patch.get("speedup_vs_serial").getAsDouble()).isCloseTo(1.75, within(1e-12));
    JsonObject run = patch.getAsJsonArray("runs").get(0).getAsJsonObject();
    assertThat(run.getAsJsonArray("per_step")).hasSize(4);
    assertThat(run.getAsJsonArray("bytes_sent_per_worker")).hasSize(2);
    assertThat(cases.get(4).getAsJsonObject().get("error").getAsString()).isEqualTo("worker 1 failed: x, y");
  }

  @Test
  void markdownHasAMeasuredTablePerWorkersAndLinkWithSerialAsReference() {
    String md = ResultsMarkdown.of(results());
    assertThat(md).contains("### MEASURED: shapes-image on 2 workers (threads), link none, 4 steps")
        .contains("### MEASURED: shapes-image on 2 workers (threads), link 100mbit, 4 steps")
        .contains("| serial | 7.000 | 6.000–8.000 | 1.00× |")
        .contains("| patch | 4.000 | 3.000–5.000 | 1.75× |")
        .contains("| compact:1bit | 2.000 | 2.000–2.000 | 3.50× |")
        .contains("| patch | 7.000 | 7.000–7.000 | 1.00× |")
        .contains("- ring x2 @ none: worker 1 failed: x, y");
    assertThat(md.split("\\| serial \\|", -1)).hasSize(3);
  }

  @Test
  void writesEveryFileAndChartIntoANewDirectory(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("out");
    List<String> names = BenchReport.write(dir, results());
    assertThat(names).containsExactly("results.json", "results.csv", "runs.csv", "steps.csv", "results.md",
        ResultsCharts.LATENCY, ResultsCharts.BYTES, ResultsCharts.SPEEDUP);
    for (String n : names) {
      assertThat(dir.resolve(n)).isNotEmptyFile();
    }
    try (var left = Files.list(tmp)) {
      assertThat(left).containsExactly(dir);
    }
    assertThat(Files.readString(dir.resolve("results.md"))).isEqualTo(ResultsMarkdown.of(results()));
  }

  @Test
  void withoutAnEmulatedLinkThereIsNoSpeedupChart(@TempDir Path tmp) {
    BenchResults r = new BenchResults(Fixtures.settings(2, 0, 1), "m", "t",
        List.of(Fixtures.result("serial", 1, "none", 2, 1.0), Fixtures.result("ring", 2, "none", 2, 0.5)));
    assertThat(ResultsCharts.of(r)).containsOnlyKeys(ResultsCharts.LATENCY, ResultsCharts.BYTES);
  }

  @Test
  void rewritingAnExistingDirectoryReplacesTheFiles(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("existing"));
    Files.writeString(dir.resolve("results.md"), "old");
    BenchReport.write(dir, results());
    assertThat(Files.readString(dir.resolve("results.md"))).startsWith("### MEASURED");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }
}
