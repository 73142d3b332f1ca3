package dev.compactfusion.engine.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's intra-op thread count per worker, in this JVM and in spawned worker JVMs. The default
 * shares the machine's cores among the workers that run on it: PyTorch otherwise gives every
 * worker one thread per core, so four worker processes on two cores ran ~3.4× slower than with one
 * thread each, their OpenMP barriers waiting for descheduled partners. The threads launcher's
 * workers share one JVM, and PyTorch applies the JVM's setting to each worker thread on its
 * first operation, so the same number per worker holds there too.
 */
public final class TorchThreads {
  static final String INTRA = "ai.djl.pytorch.num_threads";
  static final String INTER = "ai.djl.pytorch.num_interop_threads";

  private TorchThreads() {}

  /** max(1, cores ÷ workers on this machine). */
  public static int perWorkerDefault(int workersHere) {
    if (workersHere < 1) {
      throw new IllegalArgumentException("workers on this machine must be at least 1, got " + workersHere);
    }
    return Math.max(1, Runtime.getRuntime().availableProcessors() / workersHere);
  }

  /**
   * Sets the thread counts for this JVM unless the user set them as system properties (they apply
   * when the engine first starts, so call this before any run) and returns the matching options
   * for worker JVMs.
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

  /**
   * {@link #configure} for {@code threads}, then the user's own worker JVM options (null: none),
   * which come last so that they may override the thread counts.
   */
  public static List<String> workerJvmOptions(int threads, List<String> user) {
    List<String> all = new ArrayList<>(configure(threads));
    if (user != null) {
      all.addAll(user);
    }
    return all;
  }

  /** What this JVM's workers run with, for reports. */
  public static String describe() {
    return System.getProperty(INTRA, "PyTorch's default");
  }
}
