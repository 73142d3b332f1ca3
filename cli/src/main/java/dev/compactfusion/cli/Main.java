package dev.compactfusion.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Entry point of {@code ./compactfusion}. Each subcommand is its own class; this class only
 * wires them together and maps failures to exit codes (2 usage, 1 runtime) with one-line
 * messages, as docs/design.md promises users' scripts.
 */
@Command(
    name = "compactfusion",
    mixinStandardHelpOptions = true,
    version = "compactfusion 0.1.0",
    description = {
        "Parallel diffusion-transformer inference with compressed step-to-step residuals.",
        "",
        "Generates images and videos with small diffusion transformers (DiT), on one worker or "
            + "split across several that exchange attention keys and values each step. Between "
            + "steps only the compressed change (residual) is sent, so slow links cost less. "
            + "Everything but pull runs offline; the embedded models ship with the project.",
        ""},
    commandListHeading = "%nCommands:%n",
    footer = {
        "",
        "Exit codes: 0 success, 1 runtime failure, 2 usage error (bad option, unreadable input).",
        "",
        "Examples:",
        "  ./compactfusion models",
        "  ./compactfusion generate --prompt \"red circle\" --out circle.png --scale 8",
        "  ./compactfusion compare serial.png parallel.png",
        "  ./compactfusion serve --listen 127.0.0.1:8080 --parallel ring --workers 2",
        "  ./compactfusion help compare"},
    subcommands = {
        CommandLine.HelpCommand.class,
        GenerateCommand.class,
        EncodePromptCommand.class,
        WorkerCommand.class,
        ServeCommand.class,
        ModelsCommand.class,
        PullCommand.class,
        CompareCommand.class,
        TrainCommand.class,
        EvalCommand.class,
        BenchCommand.class,
        ToolsCommand.class})
public final class Main implements Callable<Integer> {
  @Mixin VerbosityOptions verbosity;

  /** No command given: say so in one line, like any other usage error. */
  @Override
  public Integer call() {
    throw new UsageException("no command given (see 'compactfusion --help' for the commands)");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code; never calls System.exit (tests use this). */
  public static int run(String... args) {
    return run(null, null, args);
  }

  /**
   * As {@link #run(String...)}, writing to {@code out} and {@code err} instead of the process's
   * streams where they are not null.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    ToolsCommand.register(cli.getSubcommands().get("tools"));
    if (out != null) {
      cli.setOut(out);
    }
    if (err != null) {
      cli.setErr(err);
    }
    boolean verbose = Arrays.asList(args).contains("--verbose");
    cli.setExecutionExceptionHandler(new FailureHandler(verbose));
    cli.setParameterExceptionHandler(new UsageErrorHandler(verbose));
    return cli.execute(args);
  }
}
