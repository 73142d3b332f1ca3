package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.comms.tcp.TcpCommunicator;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.PeerFailureException;
import dev.compactfusion.engine.worker.WorkerService;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * A worker process: joins rank 0 over tcp, greets, serves jobs until rank 0 says stop, exits (0 on success; otherwise
 * a one-line error on stderr and 1, or 3 when it failed only because a peer did). The procs launcher spawns this class; the CLI's
 * {@code worker} command runs the same {@link #serve} for workers started by hand.
 *
 * <p>{@code WorkerMain --join HOST:PORT [--timeout-ms MS] [--link-bandwidth B] [--link-latency L]
 * [--link-model M]};
 * the token comes from the environment variable {@code COMPACTFUSION_TOKEN} (kept off the command
 * line, where other users could read it).
 */
public final class WorkerMain {
  public static final String TOKEN_ENV = "COMPACTFUSION_TOKEN";
  /** Exit code of a worker that failed only because a peer did (the launcher then blames the peer). */
  public static final int PEER_FAILED = 3;
  /** Output line prefix naming the peer a worker failed waiting for (read by the procs launcher). */
  public static final String BLAMED_PREFIX = "blamed-peer: ";
  /** Pause between attempts to reach a rank 0 that does not listen yet. */
  private static final long RETRY_MILLIS = 200;

  private WorkerMain() {}

  public static void main(String[] args) {
    String join = null;
    Duration timeout = Duration.ofSeconds(60);
    String bandwidth = null;
    String latency = null;
    String model = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--join" -> join = args[i + 1];
        case "--timeout-ms" -> timeout = Duration.ofMillis(Long.parseLong(args[i + 1]));
        case "--link-bandwidth" -> bandwidth = args[i + 1];
        case "--link-latency" -> latency = args[i + 1];
        case "--link-model" -> model = args[i + 1];
        default -> {
          System.err.println("error: unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    try {
      serve(join, System.getenv(TOKEN_ENV), timeout, LinkSpec.parse(bandwidth, latency, model));
      System.exit(0);
    } catch (PeerFailureException e) {
      System.err.println(BLAMED_PREFIX + e.peerRank());
      System.err.println("error: " + e.getMessage());
      System.exit(PEER_FAILED);
    } catch (RuntimeException e) {
      System.err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      System.exit(1);
    }
  }

  /** Joins the run at {@code hostPort}, serves its jobs until told to stop, and closes the connection. */
  public static void serve(String hostPort, String token, Duration timeout, LinkSpec link) {
    serve(TcpCommunicator.join(TcpWorld.worker(hostPort, token, timeout, link)));
  }

  /**
   * As {@link #serve}, for a worker a cluster launcher started together with rank 0: rank 0 may not
   * listen yet (its JVM starts at the same time, its host name may not resolve yet in a fresh pod),
   * so a refused or unresolved connection is retried until {@code timeout} has passed.
   */
  public static void serveWhenReachable(String hostPort, String token, Duration timeout, LinkSpec link) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Communicator world;
      try {
        world = TcpCommunicator.join(TcpWorld.worker(hostPort, token, timeout, link));
      } catch (IllegalStateException e) {
        if (!notListeningYet(e)) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("rank 0 at " + hostPort + " did not listen within " + timeout.toSeconds()
              + " s (is rank 0 running, and the address right? raise --timeout if it starts slowly): " + e.getMessage());
        }
        sleep(RETRY_MILLIS);
        continue;
      }
      serve(world);
      return;
    }
  }

  private static void serve(Communicator joined) {
    try (Communicator world = joined) {
      Hello.exchange(world);
      WorkerService.serve(world);
    }
  }

  private static boolean notListeningYet(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for rank 0", e);
    }
  }
}
