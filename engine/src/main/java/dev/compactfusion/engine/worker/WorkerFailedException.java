package dev.compactfusion.engine.worker;

/** A run ended because one worker failed (could not load, died, stalled); names that worker. */
public final class WorkerFailedException extends RuntimeException {
  private final int rank;

  public WorkerFailedException(int rank, String message, Throwable cause) {
    super(message, cause);
    this.rank = rank;
  }

  /** World rank of the worker that failed first, or -1 when unknown. */
  public int rank() {
    return rank;
  }
}
