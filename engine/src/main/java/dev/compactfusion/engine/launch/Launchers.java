package dev.compactfusion.engine.launch;

/** Starts the workers of a run the way the options say. */
public final class Launchers {
  private Launchers() {}

  public static WorkerPool start(int workers, LaunchOptions options) {
    return switch (options.launcher()) {
      case THREADS -> ThreadLauncher.start(workers, options);
      case PROCS, REMOTE -> throw new UnsupportedOperationException("not yet");
    };
  }
}
