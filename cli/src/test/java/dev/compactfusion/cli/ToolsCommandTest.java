package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ToolsCommandTest {
  @Test
  void helpListsEveryToolWithItsDescription() {
    StringWriter out = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "tools", "--help");
    assertThat(code).isZero();
    for (ToolCommand.Tool tool : ToolsCommand.TOOLS) {
      assertThat(out.toString()).contains("  " + tool.name() + " ");
    }
  }

  @Test
  void toolHelpShowsItsArguments() {
    StringWriter out = new StringWriter();
    Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "tools", "random-init", "--help");
    assertThat(out.toString()).contains("compactfusion tools random-init CONFIG_JSON OUT_DIR SEED");
  }

  @Test
  void argumentsReachTheToolUntouchedAndItsExitCodeIsReturned() {
    // unknown --options are the tool's to judge: exchange-bench rejects this one with exit 2
    assertThat(Main.run("tools", "exchange-bench", "--no-such-option", "3")).isEqualTo(2);
    assertThat(Main.run("tools", "random-init", "only-one-argument")).isEqualTo(2);
    assertThat(Main.run("tools", "vae-decode", "63")).isEqualTo(2);
    assertThat(Main.run("tools", "vae-decode", "256", "three")).isEqualTo(2);
  }

  @Test
  void noToolIsAUsageError() {
    StringWriter err = new StringWriter();
    assertThat(Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "tools")).isEqualTo(2);
    assertThat(err.toString()).contains("no tool given");
  }
}
