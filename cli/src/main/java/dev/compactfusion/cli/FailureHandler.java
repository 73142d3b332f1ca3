package dev.compactfusion.cli;

import dev.compactfusion.engine.plan.DeviceUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception thrown by a command into one line on stderr: {@link UsageException} and
 * {@link IllegalArgumentException} are the user's to fix (exit 2), anything else is a runtime
 * failure (exit 1). The stack trace is printed only with {@code --verbose}; a missing device
 * (exit 1) is told in its one line.
 */
final class FailureHandler implements IExecutionExceptionHandler {
  static final int USAGE = 2;
  static final int RUNTIME = 1;

  private final boolean verbose;

  FailureHandler(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    boolean usage = e instanceof UsageException || e instanceof IllegalArgumentException;
    // A missing device is the machine's, not the command line's, and its reason is the whole story.
    boolean selfExplained = e instanceof DeviceUnavailableException;
    cmd.getErr().println("error: " + oneLine(e));
    if (verbose) {
      e.printStackTrace(cmd.getErr());
    } else if (!usage && !selfExplained) {
      cmd.getErr().println("(run again with --verbose for the full trace)");
    }
    return usage ? USAGE : RUNTIME;
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return message.replace('\n', ' ').strip();
  }
}
