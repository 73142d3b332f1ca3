package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.transport.Communicator;

/**
 * The running workers of one run, seen from rank 0: rank 0's own communicator, a name for each
 * rank to put in error messages, the failures the launcher itself observed (a worker thread that
 * threw, a process that exited), and a close that stops and reaps everything.
 */
public interface WorkerPool extends AutoCloseable {

  Communicator rankZero();

  /** E.g. "worker 2" or "worker 2 (pid 4711)". */
  String describe(int rank);

  /** What the launcher itself saw go wrong with its workers. */
  Failures failures();

  /** Stops every worker that is still running and releases the communicators; never blocks unboundedly. */
  @Override
  void close();

}
