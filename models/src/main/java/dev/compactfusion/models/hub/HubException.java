package dev.compactfusion.models.hub;

/** A pull that failed for a reason outside the command line (network, server, disk): exit code 1. */
public final class HubException extends RuntimeException {
  public HubException(String message) {
    super(message);
  }

  public HubException(String message, Throwable cause) {
    super(message, cause);
  }
}
