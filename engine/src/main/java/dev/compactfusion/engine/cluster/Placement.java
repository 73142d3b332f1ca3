package dev.compactfusion.engine.cluster;

/**
 * Where this process sits in a job a scheduler started.
 *
 * @param rank the scheduler's rank; 0 is the run's rank 0 (generates, listens), the others join it.
 *     The tcp world numbers the joining workers in the order they arrive, which is fine because
 *     every worker holds the whole model; only rank 0's role depends on it.
 * @param worldSize processes in the job, rank 0 included
 * @param localSize processes of the job on this host (for the PyTorch threads default), at least 1
 * @param masterHost where rank 0 runs, as the workers reach it
 * @param masterPort where rank 0 listens
 */
public record Placement(Scheduler scheduler, int rank, int worldSize, int localSize, String masterHost,
    int masterPort) {
  public Placement {
    if (scheduler == null) {
      throw new IllegalArgumentException("scheduler is required");
    }
    if (worldSize < 1 || rank < 0 || rank >= worldSize) {
      throw new IllegalArgumentException("rank " + rank + " is outside a world of " + worldSize);
    }
    if (localSize < 1) {
      throw new IllegalArgumentException("local size must be at least 1, got " + localSize);
    }
    if (masterHost == null || masterHost.isBlank()) {
      throw new IllegalArgumentException("the master host is required");
    }
    if (masterPort < 1 || masterPort > 65535) {
      throw new IllegalArgumentException("the master port must be 1..65535, got " + masterPort);
    }
  }

  public boolean rankZero() {
    return rank == 0;
  }

  /** HOST:PORT a worker joins. */
  public String joinAddress() {
    return masterHost + ":" + masterPort;
  }

  /**
   * The address rank 0 binds: loopback when the workers reach it there (one host), otherwise every
   * interface, because a host's own name often resolves to a loopback alias (Debian's 127.0.1.1)
   * that the other hosts cannot reach. The cluster token still guards every connection.
   */
  public String bindHost() {
    return loopback(masterHost) ? "127.0.0.1" : "0.0.0.0";
  }

  static boolean loopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  /** E.g. "rank 2 of 4 (mpirun (Open MPI))". */
  public String describe() {
    return "rank " + rank + " of " + worldSize + " (" + scheduler.label() + ")";
  }
}
