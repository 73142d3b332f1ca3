package dev.compactfusion.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** One {@code tools} subcommand: hands its arguments, untouched, to the tool and returns its exit code. */
@Command(mixinStandardHelpOptions = true)
final class ToolCommand implements Callable<Integer> {
  /** A tool's entry: its arguments in, its exit code out. */
  @FunctionalInterface
  interface Entry {
    int run(String... args) throws Exception;
  }

  /** A tool as {@code tools --help} lists it; {@code usage} is its arguments' synopsis ("" for none). */
  record Tool(String name, String description, String usage, Entry entry) {}

  private final Tool tool;

  @Parameters(paramLabel = "ARG", description = "Passed to the tool as given.")
  List<String> args = new ArrayList<>();

  @Mixin VerbosityOptions verbosity;

  private ToolCommand(Tool tool) {
    this.tool = tool;
  }

  static CommandLine commandLine(Tool tool) {
    CommandLine cmd = new CommandLine(new ToolCommand(tool));
    // the tools parse their own --options: picocli must pass them on instead of rejecting them
    cmd.setUnmatchedOptionsArePositionalParams(true);
    cmd.getCommandSpec().usageMessage()
        .description(tool.description())
        .customSynopsis("compactfusion tools " + tool.name() + (tool.usage().isEmpty() ? "" : " " + tool.usage()));
    return cmd;
  }

  @Override
  public Integer call() throws Exception {
    return tool.entry().run(args.toArray(String[]::new));
  }
}
