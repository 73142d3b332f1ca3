package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.local.LocalCluster;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.engine.worker.WorkerService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Workers as threads of this JVM over the local communicator. A worker thread that fails closes
 * its communicator, so its peers fail at once instead of waiting for the timeout.
 */
public final class ThreadLauncher {
  private ThreadLauncher() {}

  public static WorkerPool start(int workers, LaunchOptions options) {
    List<Communicator> comms = LocalCluster.create(workers, options.timeout());
    FailureLog failures = new FailureLog();
    List<Thread> threads = new ArrayList<>();
    for (int r = 1; r < workers; r++) {
      Communicator comm = comms.get(r);
      int rank = r;
      Thread t = new Thread(() -> {
        try {
          WorkerService.serve(comm);
        } catch (Throwable e) {
          failures.record(rank, e);
          comm.close();
        }
      }, "compactfusion-worker-" + r);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    return new Pool(comms, threads, failures, options);
  }

  private record Pool(List<Communicator> comms, List<Thread> threads, FailureLog failures, LaunchOptions options)
      implements WorkerPool {

    @Override
    public Communicator rankZero() {
      return comms.get(0);
    }

    @Override
    public String describe(int rank) {
      return "worker " + rank + " (thread)";
    }

    @Override
    public Optional<WorkerFailure> failure() {
      return failures.first();
    }

    @Override
    public void close() {
      comms.forEach(Communicator::close);
      long deadline = System.nanoTime() + options.timeout().toNanos();
      for (Thread t : threads) {
        try {
          t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (t.isAlive()) {
          t.interrupt();
        }
      }
    }
  }
}
