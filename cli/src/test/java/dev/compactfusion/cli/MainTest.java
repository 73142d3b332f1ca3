package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
  /** Exit code and what the command printed. */
  record Result(int code, String out, String err) {
    String[] errLines() {
      return err.lines().toArray(String[]::new);
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void unknownOptionIsAOneLineUsageError() {
    Result r = run("--frobnicate");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("error: ").contains("--frobnicate").contains("--help");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownCommandIsAOneLineUsageError() {
    Result r = run("frobnicate");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("frobnicate");
  }

  @Test
  void noCommandIsAOneLineUsageError() {
    Result r = run();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("no command").contains("--help");
  }

  @Test
  void verboseAddsTheTraceToAUsageError() {
    Result r = run("--verbose", "compare", "only-one.png");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines().length).isGreaterThan(1);
    assertThat(r.errLines()[0]).startsWith("error: ");
    assertThat(r.err()).contains("at picocli.");
  }

  @Test
  void helpDescribesTheProjectWithExamples() {
    Result r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("Parallel diffusion-transformer inference with compressed step-to-step residuals")
        .contains("compare").contains("--verbose").contains("Examples:")
        .contains("./compactfusion compare serial.png parallel.png")
        .contains("Exit codes:");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void versionPrintsTheVersion() {
    Result r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("compactfusion 0.1.0");
  }
}
