package dev.compactfusion.engine.worker;

/**
 * Ends a worker's part of a stoppable job when rank 0's word after a step is to stop (its caller
 * cancelled): the worker drops the job and waits for the next one, nothing sent.
 */
public final class JobStoppedException extends RuntimeException {
  public JobStoppedException(long serial, int done, int total) {
    super("rank 0 stopped job " + serial + " after step " + done + " of " + total);
  }
}
