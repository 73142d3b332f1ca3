package dev.compactfusion.engine.plan;

import ai.djl.engine.Engine;
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
   * The device worker {@code rank} computes on: the CPU, or GPU (index + rank) mod the GPUs
   * PyTorch sees, so that workers of one host spread over its GPUs from the one asked for.
   */
  public ai.djl.Device placement(int rank) {
    return cuda() ? placement(rank, Engine.getInstance().getGpuCount()) : ai.djl.Device.cpu();
  }

  /** {@link #placement(int)} for a host with {@code visibleGpus} GPUs (the rule, testable without one). */
  public ai.djl.Device placement(int rank, int visibleGpus) {
    if (!cuda()) {
      return ai.djl.Device.cpu();
    }
    if (visibleGpus < 1) {
      throw new DeviceUnavailableException("--device " + this + ": PyTorch sees no GPU here; use --device cpu");
    }
    return ai.djl.Device.gpu(Math.floorMod(index + rank, visibleGpus));
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
    // The CUDA runtime alone is not enough: the models compute through PyTorch, whose native
    // library must be a CUDA build (this project ships pytorch-native-cpu).
    if (Engine.getInstance().getGpuCount() < 1) {
      throw new DeviceUnavailableException("--device " + this + ": CUDA is present but PyTorch sees no GPU (the "
          + "bundled libtorch is the CPU build; put a CUDA build of pytorch-native on the classpath); use --device cpu");
    }
  }

  @Override
  public String toString() {
    return cuda() ? "cuda:" + index : "cpu";
  }
}
