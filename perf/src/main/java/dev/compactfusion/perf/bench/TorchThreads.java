package dev.compactfusion.perf.bench;

import java.util.List;

/**
 * PyTorch's intra-op thread count for bench runs, in this JVM and in spawned workers. Benches use
 * one thread per worker by default: on this 2-core machine under load, two intra-op threads made a
 * one-worker run 10–20× slower than with one (the main thread sat in OpenMP barriers waiting for a
 * descheduled partner: 0.6 s of CPU in 5 s), which would make every speedup over serial meaningless.
 * One thread per worker also makes a worker the stand-in for one device.
 */
public final class TorchThreads {
  static final String INTRA = "ai.djl.pytorch.num_threads";
  static final String INTER = "ai.djl.pytorch.num_interop_threads";

  private TorchThreads() {}

  /**
   * Sets the thread counts for this JVM unless the user set them (they apply when the engine first
   * starts, so call this before any run) and returns the matching options for worker JVMs.
   */
  public static List<String> configure(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("--torch-threads must be at least 1, got " + threads);
    }
    if (System.getProperty(INTRA) == null) {
      System.setProperty(INTRA, Integer.toString(threads));
    }
    if (System.getProperty(INTER) == null) {
      System.setProperty(INTER, "1");
    }
    return List.of("-D" + INTRA + "=" + threads, "-D" + INTER + "=1");
  }
}
