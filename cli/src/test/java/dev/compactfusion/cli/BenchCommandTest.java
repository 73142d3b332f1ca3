package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    int code = Main.run("bench", "--simulate", "--hardware", "l20-pcie,l20-eth1g", "--out", dir.toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("MODELLED: flux-1024 on 4× l20-pcie").contains("compact-1bit").contains("20.26");
    assertThat(dir.resolve("results.json")).exists();
    assertThat(dir.resolve("results.csv")).exists();
    assertThat(Files.readString(dir.resolve("results.md"))).isEqualTo(
        printed.substring(printed.indexOf("### MODELLED"), printed.indexOf("wrote ")));
  }

  @Test
  void badPresetIsAUsageError(@TempDir Path tmp) {
    Path dir = tmp.resolve("never");
    int code = Main.run("bench", "--simulate", "--model-preset", "sdxl", "--out", dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown model preset 'sdxl'; choose from flux-1024, cogvideox-2b, pixart-1024");
    assertThat(dir).doesNotExist();
  }

  @Test
  void unknownHardwareOrMethodIsAUsageError(@TempDir Path tmp) {
    assertThat(Main.run("bench", "--simulate", "--hardware", "tpu", "--out", tmp.resolve("a").toString()))
        .isEqualTo(2);
    assertThat(Main.run("bench", "--simulate", "--methods", "serial,warp", "--out", tmp.resolve("b").toString()))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown hardware preset 'tpu'")
        .contains("unknown method 'warp'");
    assertThat(tmp.resolve("a")).doesNotExist();
    assertThat(tmp.resolve("b")).doesNotExist();
  }

  @Test
  void realRunsAreNotAvailableYet() {
    assertThat(Main.run("bench")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("real benchmark runs are not available yet: use --simulate");
  }
}
