package dev.compactfusion.engine.plan;

import dev.compactfusion.comms.nccl.NcclAvailability;
import java.util.Locale;

/**
 * Where the workers compute: {@code cpu}, or CUDA device {@code index} ({@code cuda} is
 * {@code cuda:0}). Parsed once from the command line; {@link #requireAvailable()} is the one check
 * every path (serial included) runs before loading a model.
 *
 * @param index the CUDA ordinal; -1 for the CPU
 */
public record Device(Kind kind, int index) {
  public static final Device CPU = new Device(Kind.CPU, -1);

  public enum Kind { CPU, CUDA }

  public Device {
    if (kind == null) {
      throw new IllegalArgumentException("no device given; known: cpu, cuda, cuda:N");
    }
    if (kind == Kind.CPU && index != -1) {
      throw new IllegalArgumentException("the cpu device takes no index, got " + index);
    }
    if (kind == Kind.CUDA && index < 0) {
      throw new IllegalArgumentException("cuda device index must be 0 or more, got " + index);
    }
  }

  /** Parses {@code cpu}, {@code cuda} or {@code cuda:N}. */
  public static Device parse(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (s.equals("cpu")) {
      return CPU;
    }
    if (s.equals("cuda")) {
      return new Device(Kind.CUDA, 0);
    }
    if (s.startsWith("cuda:")) {
      try {
        return new Device(Kind.CUDA, Integer.parseInt(s.substring("cuda:".length())));
      } catch (NumberFormatException e) {
        // fall through to the usage message
      }
    }
    throw new IllegalArgumentException("unknown --device '" + text + "'; known: cpu, cuda, cuda:N");
  }

  public boolean cuda() {
    return kind == Kind.CUDA;
  }

  /**
   * Fails when this is a CUDA device and no CUDA device is visible (the same probe the NCCL backend
   * uses), so a run asked for a GPU never silently computes elsewhere.
   *
   * @throws DeviceUnavailableException with a one-line reason
   */
  public void requireAvailable() {
    if (!cuda()) {
      return;
    }
    NcclAvailability probe = NcclAvailability.probe();
    if (!probe.available()) {
      throw new DeviceUnavailableException("--device " + this + ": no CUDA device is visible on this machine ("
          + probe.reason().lines().findFirst().orElse("") + "); use --device cpu");
    }
  }

  @Override
  public String toString() {
    return cuda() ? "cuda:" + index : "cpu";
  }
}
