package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void capture() {
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void simulatePrintsModelledTablesAndWritesResults(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("sim");
    int code = Main.run("bench", "simulate", "--hardware", "l20-pcie,l20-eth1g", "--out", dir.toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("MODELLED: flux-1024 on 4× l20-pcie").contains("compact:1bit").contains("20.26");
    assertThat(dir.resolve("results.json")).exists();
    assertThat(dir.resolve("results.csv")).exists();
    assertThat(Files.readString(dir.resolve("results.md"))).isEqualTo(
        printed.substring(printed.indexOf("### MODELLED"), printed.indexOf("wrote ")));
  }

  @Test
  void badPresetIsAUsageError(@TempDir Path tmp) {
    Path dir = tmp.resolve("never");
    int code = Main.run("bench", "simulate", "--model-preset", "sdxl", "--out", dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown model preset 'sdxl'; choose from flux-1024, cogvideox-2b, pixart-1024");
    assertThat(dir).doesNotExist();
  }

  @Test
  void unknownHardwareOrMethodIsAUsageError(@TempDir Path tmp) {
    assertThat(Main.run("bench", "simulate", "--hardware", "tpu", "--out", tmp.resolve("a").toString()))
        .isEqualTo(2);
    assertThat(Main.run("bench", "simulate", "--methods", "serial,warp", "--out", tmp.resolve("b").toString()))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown hardware preset 'tpu'")
        .contains("unknown method 'warp'");
    assertThat(tmp.resolve("a")).doesNotExist();
    assertThat(tmp.resolve("b")).doesNotExist();
  }

  @Test
  void outThatIsAFileIsAUsageError(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("taken"), "keep me");
    assertThat(Main.run("bench", "simulate", "--out", file.toString())).isEqualTo(2);
    assertThat(Main.run("bench", "matrix", "--methods", "serial", "--out", file.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists and is not a directory");
    assertThat(Files.readString(file)).isEqualTo("keep me");
  }

  @Test
  void refitAgainstAMachineWithoutPublishedNumbersIsAUsageError(@TempDir Path tmp) {
    int code = Main.run("bench", "simulate", "--refit", "h100-nvlink", "--out", tmp.resolve("r").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--refit h100-nvlink: nothing was published for that machine; use l20-pcie or h20-nvlink");
    assertThat(tmp.resolve("r")).doesNotExist();
  }

  @Test
  void refitAgainstTheH20ColumnUsesThatMachinesFit(@TempDir Path tmp) {
    int code = Main.run("bench", "simulate", "--refit", "h20-nvlink", "--hardware", "h20-nvlink",
        "--out", tmp.resolve("r").toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("refitted calibration: Calibration[computeEfficiency=")
        .contains("linkName=nvlink-h20").contains("nvlink-h20 effective bandwidth");
  }

  @Test
  void refitAgainstOwnMeasurementsFitsThemAndShowsEachRow(@TempDir Path tmp) throws Exception {
    // the published L20 column, as a user would write their own measurements of that machine
    Path csv = Files.writeString(tmp.resolve("my-l20.csv"), "method,seconds\n# FLUX 28 steps\nserial,20.26\n"
        + "ring,7.54\nulysses,6.70\npatch,6.83\ndistrifusion,6.86\npipefusion,9.07\ncompact:1bit,6.86\n"
        + "compact:2bit,6.70\n");
    int code = Main.run("bench", "simulate", "--refit", csv.toString(), "--hardware", "l20-pcie",
        "--out", tmp.resolve("r").toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("8 measured rows)")
        .contains("all to all efficiency: assumed 0.5, moves ulysses")
        .contains("ulysses on 4× l20-pcie: measured 6.700 s, refitted model 7.080 s (+5.7%)")
        .contains("serial on 4× l20-pcie: measured 20.260 s, refitted model 19.591 s (-3.3%)");
  }

  @Test
  void badMeasurementFilesAreUsageErrorsNamingTheLine(@TempDir Path tmp) throws Exception {
    Path unknown = Files.writeString(tmp.resolve("a.csv"), "serial,20\nwarp,3\n");
    Path negative = Files.writeString(tmp.resolve("b.csv"), "serial,20\npatch,-1\n");
    Path single = Files.writeString(tmp.resolve("c.csv"), "serial,20\n");
    assertThat(Main.run("bench", "simulate", "--refit", unknown.toString(), "--out", tmp.resolve("x").toString()))
        .isEqualTo(2);
    assertThat(Main.run("bench", "simulate", "--refit", negative.toString(), "--out", tmp.resolve("y").toString()))
        .isEqualTo(2);
    assertThat(Main.run("bench", "simulate", "--refit", single.toString(), "--out", tmp.resolve("z").toString()))
        .isEqualTo(2);
    assertThat(Main.run("bench", "simulate", "--refit", tmp.resolve("none.csv").toString(),
        "--out", tmp.resolve("w").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown method 'warp'")
        .contains("b.csv line 2: seconds must be positive, got -1")
        .contains("c.csv: needs at least two methods to calibrate against, found 1")
        .contains("cannot read measured latencies");
    assertThat(tmp.resolve("x")).doesNotExist();
    assertThat(tmp.resolve("w")).doesNotExist();
  }

  @Test
  void simulateAcceptsTheRealRunsSpellingOfCompactMethods(@TempDir Path tmp) {
    int code = Main.run("bench", "simulate", "--methods", "serial,compact:1bit,compact:lowrank:8",
        "--out", tmp.resolve("sim").toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("| compact:1bit |").contains("| compact:lowrank:8 |");
  }

  @Test
  void tinyRealBenchWritesEveryFileWithARowPerCase(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("bench");
    int code = Main.run("bench", "matrix", "--methods", "serial,patch", "--workers", "2", "--steps", "2", "--runs", "1",
        "--warmup-runs", "0", "--out", dir.toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    for (String f : List.of("results.json", "results.csv", "runs.csv", "steps.csv", "results.md", "latency.png",
        "bytes-per-step.png")) {
      assertThat(dir.resolve(f)).isNotEmptyFile();
    }
    List<String> cases = Files.readAllLines(dir.resolve("results.csv"));
    assertThat(cases).hasSize(3);
    assertThat(cases.get(1)).startsWith("false,shapes-image,serial,serial,none,1,none,,2,1,");
    assertThat(cases.get(2)).startsWith("false,shapes-image,patch,patch,none,2,none,,2,1,");
    assertThat(Files.readAllLines(dir.resolve("steps.csv"))).hasSize(1 + 2 * 2);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("[1/2] serial x1 @ none run 1/1: ").contains("[2/2] patch x2 @ none run 1/1: ")
        .contains("### MEASURED: shapes-image on 2 workers (threads), link none, 2 steps")
        .contains("| patch | ");
    assertThat(Files.readString(dir.resolve("results.md"))).startsWith("### MEASURED");
  }

  @Test
  void throughputComparesDataParallelWithEachParallelMethod(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("tp");
    int code = Main.run("bench", "throughput", "--requests", "2", "--workers", "2", "--methods", "serial,patch",
        "--steps", "1", "--warmup-runs", "0", "--out", dir.toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> rows = Files.readAllLines(dir.resolve("throughput.csv"));
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1)).startsWith("data-parallel,serial,2,2,1,").endsWith(",1.0000");
    assertThat(rows.get(2)).startsWith("2-way parallel,patch,2,2,1,");
    assertThat(dir.resolve("throughput.png")).isNotEmptyFile();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("| data-parallel | serial |");
  }

  @Test
  void badMethodsLinksAndCombinationsAreOneLineUsageErrors(@TempDir Path tmp) {
    Path dir = tmp.resolve("never");
    assertThat(Main.run("bench", "matrix", "--methods", "serial,warp", "--out", dir.toString())).isEqualTo(2);
    assertThat(Main.run("bench", "matrix", "--methods", "compact:3bit", "--out", dir.toString())).isEqualTo(2);
    assertThat(Main.run("bench", "matrix", "--link", "fast", "--out", dir.toString())).isEqualTo(2);
    assertThat(Main.run("bench", "fast-network", "--out", dir.toString())).isEqualTo(2);
    assertThat(Main.run("bench", "matrix", "--methods", "ulysses", "--workers", "8", "--out", dir.toString())).isEqualTo(2);
    String e = err.toString(StandardCharsets.UTF_8);
    assertThat(e).contains("error: unknown method 'warp'; known: serial, patch")
        .contains("error: method 'compact:3bit': unknown codec '3bit'")
        .contains("error: bad --link 'fast': write none or a bandwidth such as 10mbit, 100mbit, 1gbit")
        .contains("error: Unmatched arguments from index 1: 'fast-network'")
        .contains("error: ulysses x8 @ none: shapes-image has 4 attention heads; --ulysses-degree 8");
    assertThat(e.lines().filter(l -> !l.isBlank())).hasSize(5);
    assertThat(dir).doesNotExist();
  }

  @Test
  void suiteRunsSerialAndTheMethodsInWarmWorkersAndWritesItsReport(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("suite");
    int code = Main.run("bench", "suite", "--model", "shapes-image", "--prompt", "red circle", "--link", "1gbit",
        "--methods", "serial,compact:1bit,distrifusion:fp16", "--steps", "2", "--runs", "1", "--warmup-runs", "0",
        "--launcher", "threads", "--fidelity", tmp.resolve("none.md").toString(), "--out", dir.toString());
    assertThat(code).as(err.toString()).isZero();
    String suite = Files.readString(dir.resolve("suite.md"));
    assertThat(suite).contains("Fastest compressed method at 1gbit: **compact:1bit**")
        .contains("| 1gbit | distrifusion:fp16 |")
        .contains("Serial (one worker, no link)");
    assertThat(out.toString()).contains("serial x1 @ none: workers up and warm in ");
    assertThat(dir.resolve("latency-vs-link.png")).exists();
    assertThat(dir.resolve("speed-vs-fidelity.png")).doesNotExist(); // no fidelity page given
  }

  @Test
  void suiteRefusesABlockCountOutsideTheModel(@TempDir Path tmp) {
    assertThat(Main.run("bench", "suite", "--blocks", "29", "--out", tmp.resolve("s").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--blocks must be 1..28, got 29");
    assertThat(tmp.resolve("s")).doesNotExist();
  }
}
