package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.transport.Communicator;
import java.util.Optional;

/**
 * The running workers of one run, seen from rank 0: rank 0's own communicator, a name for each
 * rank to put in error messages, the first failure the launcher itself observed (a worker thread
 * that threw, a process that exited), and a close that stops and reaps everything.
 */
public interface WorkerPool extends AutoCloseable {

  Communicator rankZero();

  /** E.g. "worker 2" or "worker 2 (pid 4711)". */
  String describe(int rank);

  Optional<WorkerFailure> failure();

  /** Stops every worker that is still running and releases the communicators; never blocks unboundedly. */
  @Override
  void close();

  /** What the launcher saw go wrong with one worker. */
  record WorkerFailure(int rank, String message) {}
}
