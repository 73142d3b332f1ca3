package dev.compactfusion.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the CLI as a user would (commands print to the real System.err) and returns
 * {exit code, what went to stderr}.
 */
final class StderrCapture {
  private StderrCapture() {}

  static Object[] run(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Object[] {code, err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(old);
    }
  }
}
