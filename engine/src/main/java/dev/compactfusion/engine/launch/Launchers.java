package dev.compactfusion.engine.launch;

/** Starts the workers of a run the way the options say. */
public final class Launchers {
  static final String NCCL_UNSUPPORTED = "--comm nccl moves device buffers, but the DiT computes through DJL on "
      + "the CPU here and NCCL needs one GPU per worker; use --comm tcp (or local with threads)";

  private Launchers() {}

  public static WorkerPool start(int workers, LaunchOptions options) {
    if (options.comm() == CommKind.NCCL) {
      throw new IllegalArgumentException(NCCL_UNSUPPORTED);
    }
    return switch (options.launcher()) {
      case THREADS -> ThreadLauncher.start(workers, options);
      case PROCS -> ProcessLauncher.start(workers, options);
      case REMOTE -> RemoteLauncher.start(workers, options, System.err);
      case ENV -> RemoteLauncher.awaitScheduled(workers, options, System.err);
    };
  }
}
