package dev.compactfusion.comms.tcp;

import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.PeerFailureException;
import dev.compactfusion.comms.transport.Tag;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * A multi-process check of the tcp backend, one process per member: every collective with
 * content checks, then a timed all-gather. Run as {@code compactfusion tools tcp-self-test} (by
 * {@code scripts/netns-link-test.sh}) and by the separate-JVM tests through a test-only main.
 *
 * <pre>
 * ./compactfusion tools tcp-self-test role=coordinator listen=0.0.0.0:7070 world=3 token=T
 * ./compactfusion tools tcp-self-test role=worker join=HOST:7070 token=T
 * optional: bytes=N (timed all-gather per member, default 4 MiB), timeout-ms=N, die-rank=R (that member
 * halts after the first collective), bandwidth=100mbit latency=5ms
 * </pre>
 * Prints {@code RANK r OF n}, {@code GATHER-MBPS x} and {@code OK}; returns the exit code: 0 on success,
 * 4 on wrong content, 2 on bad arguments; halts the process with 3 when a peer failed (line
 * {@code PEER-FAILURE worker=R ...}), since the dead peer's connections may never close.
 */
public final class TcpSelfTest {
  private TcpSelfTest() {}

  public static int run(String... args) {
    Map<String, String> opts = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        System.err.println("argument '" + a + "' must be key=value");
        return 2;
      }
      opts.put(a.substring(0, eq), a.substring(eq + 1));
    }
    Communicator c;
    try {
      c = open(opts);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.out.println("JOIN-FAILURE " + e.getMessage());
      return e instanceof IllegalArgumentException ? 2 : 1;
    }
    System.out.println("RANK " + c.rank() + " OF " + c.worldSize());
    int dieRank = Integer.parseInt(opts.getOrDefault("die-rank", "-1"));
    int bytes = Integer.parseInt(opts.getOrDefault("bytes", String.valueOf(4 << 20)));
    try {
      int code = exercise(c, dieRank, bytes);
      return code;
    } catch (CompletionException e) {
      if (e.getCause() instanceof PeerFailureException p) {
        System.out.println("PEER-FAILURE worker=" + p.peerRank() + " " + p.getMessage());
        System.out.flush();
        Runtime.getRuntime().halt(3);
      }
      throw e;
    }
  }

  private static Communicator open(Map<String, String> opts) {
    Duration timeout = Duration.ofMillis(Long.parseLong(opts.getOrDefault("timeout-ms", "20000")));
    LinkSpec link = LinkSpec.parse(opts.get("bandwidth"), opts.get("latency"));
    String role = opts.getOrDefault("role", "");
    if (role.equals("coordinator")) {
      TcpConfig base = TcpConfig.worker(opts.getOrDefault("listen", "127.0.0.1:0"), "unused-token");
      TcpCoordinator coordinator = TcpCommunicator.coordinator(TcpConfig.coordinator(base.host(), base.port(),
          Integer.parseInt(opts.getOrDefault("world", "2")), opts.get("token")).withTimeout(timeout).withLink(link));
      System.out.println("LISTENING " + coordinator.host() + ":" + coordinator.port());
      System.out.flush();
      return coordinator.awaitMembers();
    }
    if (role.equals("worker")) {
      return TcpCommunicator.join(TcpConfig.worker(opts.get("join"), opts.get("token")).withTimeout(timeout)
          .withLink(link));
    }
    throw new IllegalArgumentException("role must be coordinator or worker");
  }

  /** Runs the checks as one member; returns the exit code. Closes {@code c}. */
  static int exercise(Communicator c, int dieRank, int bytes) {
    int n = c.worldSize();
    int me = c.rank();
    ByteBuffer[] gathered = c.allGatherAsync(Tag.of("selftest-gather"), pattern(me, 0, 1000 + me)).join();
    if (me == dieRank) {
      System.out.println("HALTING as asked");
      System.out.flush();
      Runtime.getRuntime().halt(9);
    }
    ByteBuffer[] out = new ByteBuffer[n];
    for (int d = 0; d < n; d++) {
      out[d] = pattern(me, d, (me * 5 + d * 3) % 4 * 100);
    }
    ByteBuffer[] exchanged = c.allToAllAsync(Tag.of("selftest-a2a"), out).join();
    ByteBuffer broadcast = c.broadcastAsync(Tag.of("selftest-bcast"), me == n - 1 ? pattern(n - 1, 9, 777) : null, n - 1)
        .join();
    boolean ok = broadcast.equals(pattern(n - 1, 9, 777));
    for (int r = 0; r < n; r++) {
      ok &= gathered[r].equals(pattern(r, 0, 1000 + r));
      ok &= exchanged[r].equals(pattern(r, me, (r * 5 + me * 3) % 4 * 100));
    }
    if (!ok) {
      System.out.println("WRONG-CONTENT");
      return 4;
    }
    c.barrierAsync(Tag.of("selftest-barrier")).join();
    ByteBuffer big = ByteBuffer.allocateDirect(bytes);
    long start = System.nanoTime();
    c.allGatherAsync(Tag.of("selftest-timed"), big).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("GATHER-MBPS %.1f%n", (double) bytes * (n - 1) * 8 / seconds / 1e6);
    c.barrierAsync(Tag.of("selftest-end")).join();
    c.close();
    System.out.println("OK");
    return 0;
  }

  private static ByteBuffer pattern(int source, int destination, int size) {
    ByteBuffer b = ByteBuffer.allocate(size);
    for (int i = 0; i < size; i++) {
      b.put((byte) (source * 31 + destination * 7 + i));
    }
    return b.flip();
  }
}
