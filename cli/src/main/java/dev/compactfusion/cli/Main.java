package dev.compactfusion.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./compactfusion}. Each subcommand is its own class; this class only
 * wires them together and maps failures to exit codes (2 usage, 1 runtime) with one-line
 * messages, as DESIGN.md section 4 promises users' scripts.
 */
@Command(
    name = "compactfusion",
    mixinStandardHelpOptions = true,
    version = "compactfusion 0.1.0",
    description = "Parallel diffusion-transformer inference with compressed step-to-step residuals.",
    subcommands = {CommandLine.HelpCommand.class, GenerateCommand.class, ModelsCommand.class, TrainCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code; never calls System.exit (tests use this). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    cli.setExecutionExceptionHandler(new FailureHandler(verbose));
    cli.setParameterExceptionHandler(new UsageErrorHandler(verbose));
    return cli.execute(args);
  }
}
