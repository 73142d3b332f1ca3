package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.transport.PeerFailureException;
import java.util.Optional;

/**
 * Keeps the failure that explains a run: when one worker fails, its peers fail next with
 * {@link PeerFailureException}s naming it, so a root cause (anything else) beats a peer failure,
 * and the first of each kind wins.
 */
final class FailureLog {
  private WorkerPool.WorkerFailure root;
  private WorkerPool.WorkerFailure consequence;

  synchronized void record(int rank, Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && !(cause instanceof PeerFailureException) && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (cause instanceof PeerFailureException) {
      if (consequence == null) {
        consequence = new WorkerPool.WorkerFailure(rank, message);
      }
    } else if (root == null) {
      root = new WorkerPool.WorkerFailure(rank, message);
    }
  }

  synchronized void record(WorkerPool.WorkerFailure failure) {
    if (root == null) {
      root = failure;
    }
  }

  synchronized Optional<WorkerPool.WorkerFailure> first() {
    return Optional.ofNullable(root != null ? root : consequence);
  }
}
