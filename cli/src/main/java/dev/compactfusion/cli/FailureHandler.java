package dev.compactfusion.cli;

import dev.compactfusion.engine.plan.DeviceUnavailableException;
import dev.compactfusion.models.hub.HubException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception thrown by a command into one line on stderr: {@link UsageException} and
 * {@link IllegalArgumentException} are the user's to fix (exit 2), anything else is a runtime
 * failure (exit 1). The stack trace is printed only with {@code --verbose}; a missing device
 * and a failed pull (exit 1) are told in their one line.
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
    // A missing device is the machine's, not the command line's, and its reason is the whole story;
    // so is a failed pull's (what failed and what to do, e.g. set HF_TOKEN or run again to resume).
    boolean selfExplained = e instanceof DeviceUnavailableException || e instanceof HubException;
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
