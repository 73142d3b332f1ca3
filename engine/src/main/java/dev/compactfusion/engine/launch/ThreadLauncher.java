package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.local.LocalCluster;
import dev.compactfusion.comms.tcp.TcpCommunicator;
import dev.compactfusion.comms.tcp.TcpCoordinator;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.engine.worker.WorkerService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Workers as threads of this JVM, over the local communicator or over tcp loopback (the same
 * transport as processes, without the JVM start-up). A worker thread that fails closes its
 * communicator, so its peers fail at once instead of waiting for the timeout.
 */
public final class ThreadLauncher {
  private ThreadLauncher() {}

  public static WorkerPool start(int workers, LaunchOptions options) {
    return switch (options.comm()) {
      case LOCAL -> {
        List<Communicator> comms = LocalCluster.create(workers, options.timeout());
        yield start(workers, options, comms::get, () -> comms.get(0), () -> comms.forEach(Communicator::close));
      }
      case TCP -> {
        TcpCoordinator coordinator = TcpWorld.coordinator(workers, options);
        String address = coordinator.host() + ":" + coordinator.port();
        yield start(workers, options,
            r -> TcpCommunicator.join(TcpWorld.worker(address, coordinator.token(), options.timeout(),
                options.link())),
            coordinator::awaitMembers, coordinator::close);
      }
      case NCCL -> throw new IllegalArgumentException(Launchers.NCCL_UNSUPPORTED);
    };
  }

  private static WorkerPool start(int workers, LaunchOptions options, IntFunction<Communicator> connect,
      Supplier<Communicator> rankZero, Runnable abandon) {
    Failures failures = new Failures();
    List<Communicator> joined = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int r = 1; r < workers; r++) {
      int rank = r;
      Thread t = new Thread(() -> {
        Communicator comm = null;
        try {
          comm = connect.apply(rank);
          joined.add(comm);
          WorkerService.serve(comm);
        } catch (Throwable e) {
          failures.record(rank, e);
          if (comm != null) {
            comm.close();
          }
        }
      }, "compactfusion-worker-" + r);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    Communicator world;
    try {
      world = rankZero.get();
    } catch (RuntimeException e) {
      abandon.run();
      joined.forEach(Communicator::close);
      throw e;
    }
    return new Pool(world, joined, threads, failures, options);
  }

  private record Pool(Communicator world, List<Communicator> joined, List<Thread> threads, Failures failures,
      LaunchOptions options) implements WorkerPool {

    @Override
    public Communicator rankZero() {
      return world;
    }

    @Override
    public String describe(int rank) {
      return "worker " + rank + " (thread)";
    }

    @Override
    public Failures failures() {
      return failures;
    }

    @Override
    public void close() {
      world.close();
      synchronized (joined) {
        joined.forEach(Communicator::close);
      }
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
