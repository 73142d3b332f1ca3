package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.tcp.TcpCoordinator;
import dev.compactfusion.comms.transport.Communicator;
import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * Workers started elsewhere: rank 0 listens and waits (at most the rendezvous timeout) until all
 * have joined. By hand, it prints the command each worker machine must run; under a cluster
 * launcher the workers are already on their way and only where rank 0 listens is said. Failures
 * name the worker by rank, host and pid.
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
      return await(coordinator);
    } catch (RuntimeException e) {
      coordinator.close();
      throw e;
    }
  }

  /** Rank 0 of a job a cluster launcher started: the other ranks join on their own, retrying until it listens. */
  public static WorkerPool awaitScheduled(int workers, LaunchOptions options, PrintStream log) {
    TcpCoordinator coordinator = TcpWorld.coordinator(workers, options);
    try {
      log.println("rank 0 listening on " + coordinator.host() + ":" + coordinator.port() + " for " + (workers - 1)
          + " worker(s)");
      return await(coordinator);
    } catch (RuntimeException e) {
      coordinator.close();
      throw e;
    }
  }

  private static WorkerPool await(TcpCoordinator coordinator) {
    Communicator world = coordinator.awaitMembers();
    Hello[] hellos = Hello.exchange(world);
    return new Pool(world, hellos);
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
