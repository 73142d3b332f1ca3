package dev.compactfusion.cli;

/** A problem with what the user asked for (bad option value, unreadable input): exit code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
