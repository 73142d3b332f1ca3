package dev.compactfusion.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** Bad options or arguments: one line naming the problem and where to look, exit code 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {
  private final boolean verbose;

  UsageErrorHandler(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    cmd.getErr().println("error: " + FailureHandler.oneLine(e)
        + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
    if (verbose) {
      e.printStackTrace(cmd.getErr());
    }
    return FailureHandler.USAGE;
  }
}
