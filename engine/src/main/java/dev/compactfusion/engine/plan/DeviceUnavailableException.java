package dev.compactfusion.engine.plan;

/**
 * The requested compute device is not there. Not a usage error (the command line is fine, the
 * machine is not), and its message is the whole story: no stack trace helps.
 */
public final class DeviceUnavailableException extends RuntimeException {
  public DeviceUnavailableException(String message) {
    super(message);
  }
}
