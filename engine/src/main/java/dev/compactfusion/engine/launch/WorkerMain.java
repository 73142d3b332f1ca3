package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.comms.tcp.TcpCommunicator;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.PeerFailureException;
import dev.compactfusion.engine.worker.WorkerService;
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
    try (Communicator world = TcpCommunicator.join(TcpWorld.worker(hostPort, token, timeout, link))) {
      Hello.exchange(world);
      WorkerService.serve(world);
    }
  }
}
