package dev.compactfusion.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}, shared by every command through {@code @Mixin}. {@link Main} reads the flag
 * from the raw arguments before parsing, so that even a parse error gets its full trace; the
 * option is declared here so that picocli accepts it and lists it in each command's help.
 */
public final class VerbosityOptions {
  @Option(names = "--verbose", description = "On errors, print the full stack trace too.")
  boolean verbose;

  public boolean verbose() {
    return verbose;
  }
}
