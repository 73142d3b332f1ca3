package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.tcp.TcpCoordinator;
import dev.compactfusion.comms.transport.Communicator;
import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * Workers started by hand: rank 0 listens, prints the command each worker machine must run, and
 * waits (at most the timeout) until all have joined. Failures name the worker by rank, host and pid.
 */
public final class RemoteLauncher {
  private RemoteLauncher() {}

  public static WorkerPool start(int workers, LaunchOptions options, PrintStream instructions) {
    TcpCoordinator coordinator = TcpWorld.coordinator(workers, options);
    try {
      instructions.println("waiting for " + (workers - 1) + " worker(s); on each worker machine run:");
      instructions.println("  ./compactfusion worker --join " + coordinator.host() + ":" + coordinator.port()
          + " --token " + coordinator.token()
          + options.workerLinkArgs().stream().map(a -> " " + a).collect(Collectors.joining()));
      Communicator world = coordinator.awaitMembers();
      Hello[] hellos = Hello.exchange(world);
      return new Pool(world, hellos);
    } catch (RuntimeException e) {
      coordinator.close();
      throw e;
    }
  }

  private record Pool(Communicator world, Hello[] hellos) implements WorkerPool {
    @Override
    public Communicator rankZero() {
      return world;
    }

    @Override
    public String describe(int rank) {
      return rank > 0 && rank < hellos.length
          ? "worker " + rank + " (pid " + hellos[rank].pid() + " on " + hellos[rank].host() + ")"
          : "worker " + rank;
    }

    @Override
    public Failures failures() {
      return new Failures();
    }

    @Override
    public void close() {
      world.close();
    }
  }
}
