package dev.compactfusion.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception thrown by a command into one line on stderr: {@link UsageException} and
 * {@link IllegalArgumentException} are the user's to fix (exit 2), anything else is a runtime
 * failure (exit 1). The stack trace is printed only with {@code --verbose}.
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
    cmd.getErr().println("error: " + oneLine(e));
    if (verbose) {
      e.printStackTrace(cmd.getErr());
    } else if (!usage) {
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
