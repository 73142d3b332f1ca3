package dev.compactfusion.perf.transport;

import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.comms.tcp.TcpCommunicator;
import dev.compactfusion.comms.tcp.TcpConfig;
import dev.compactfusion.comms.tcp.TcpCoordinator;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Loopback throughput of the tcp backend as a ratio to a raw-socket baseline measured in the
 * same run (1–64 MiB messages; best of 3 alternating runs each, after a warm-up), and the accuracy of the emulated link bandwidth (achieved ÷
 * configured, counting framed bytes, for 10 Mbit/s, 100 Mbit/s and 1 Gbit/s).
 *
 * <p>Usage: {@code TransportBenchmark [bytesPerSize] [shapedSeconds]}; defaults 256 MiB and 3 s.
 */
public final class TransportBenchmark {
  private static final int MIB = 1 << 20;
  /** Best of this many alternating runs per size, for both paths: the machine is shared. */
  private static final int REPEATS = 3;

  private TransportBenchmark() {}

  public static int run(String... args) throws Exception {
    long perSize = args.length > 0 ? Long.parseLong(args[0]) : 256L * MIB;
    double shapedSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 3.0;
    System.out.println("## Loopback throughput, tcp backend vs raw java.nio socket (same run)");
    System.out.println("| message | messages | raw MiB/s | tcp MiB/s | ratio |");
    System.out.println("|---|---|---|---|---|");
    try (Pair pair = Pair.open(LinkSpec.UNLIMITED)) {
      // Both paths run hot before anything is timed: the first hundreds of MiB run interpreted code.
      for (int i = 0; i < 3; i++) {
        pair.transfer(MIB, 256, "warmup-" + i);
        RawSocketBaseline.transfer(MIB, 256);
      }
      for (int size : new int[] {MIB, 4 * MIB, 16 * MIB, 64 * MIB}) {
        int count = (int) Math.max(2, perSize / size);
        double raw = Double.MAX_VALUE;
        double tcp = Double.MAX_VALUE;
        for (int rep = 0; rep < REPEATS; rep++) {
          raw = Math.min(raw, RawSocketBaseline.transfer(size, count));
          tcp = Math.min(tcp, pair.transfer(size, count, "bench-" + size + "-" + rep).seconds());
        }
        double rawRate = (double) size * count / MIB / raw;
        double tcpRate = (double) size * count / MIB / tcp;
        System.out.printf("| %d MiB | %d | %.0f | %.0f | %.2f |%n", size / MIB, count, rawRate, tcpRate,
            tcpRate / rawRate);
      }
    }
    System.out.println();
    System.out.println("## Emulated link bandwidth (framed bytes, 1 MiB messages)");
    System.out.println("| configured | bytes sent | seconds | achieved Mbit/s | achieved / configured |");
    System.out.println("|---|---|---|---|---|");
    for (String rate : new String[] {"10mbit", "100mbit", "1gbit"}) {
      LinkSpec link = LinkSpec.parse(rate, "0ms");
      try (Pair pair = Pair.open(link)) {
        int size = link.bitsPerSecond() < 50_000_000 ? MIB / 4 : MIB;
        int count = (int) Math.max(4, link.bitsPerSecond() / 8 * shapedSeconds / size);
        Result r = pair.transfer(size, count, "shaped");
        double achieved = r.framedBytes() * 8 / r.seconds();
        System.out.printf("| %s | %d | %.2f | %.1f | %.3f |%n", rate, r.framedBytes(), r.seconds(), achieved / 1e6,
            achieved / link.bitsPerSecond());
      }
    }
    return 0;
  }

  private record Result(double seconds, long framedBytes) {}

  /** A two-member tcp group in this JVM; rank 0 sends, rank 1 receives. */
  private record Pair(Communicator sender, Communicator receiver) implements AutoCloseable {
    static Pair open(LinkSpec link) {
      TcpCoordinator coordinator = TcpCommunicator.coordinator(TcpConfig.coordinator("127.0.0.1", 0, 2, null)
          .withLink(link).withTimeout(Duration.ofSeconds(120)));
      CompletableFuture<Communicator> worker = CompletableFuture.supplyAsync(() -> TcpCommunicator.join(
          TcpConfig.worker("127.0.0.1", coordinator.port(), coordinator.token()).withLink(link)
              .withTimeout(Duration.ofSeconds(120))));
      Communicator c = coordinator.awaitMembers();
      return new Pair(c, worker.join());
    }

    /** Sends {@code count} messages and waits for all to arrive. */
    Result transfer(int size, int count, String kind) {
      ByteBuffer data = ByteBuffer.allocateDirect(size);
      long before = sender.stats().bytesSent();
      long start = System.nanoTime();
      List<CompletableFuture<Void>> out = new ArrayList<>();
      for (int m = 0; m < count; m++) {
        out.add(sender.sendAsync(new Tag(kind, 0, 0, m), 1, data.duplicate()));
      }
      // Take each message as it comes and drop it, as a consumer would; holding all would measure the GC.
      for (int m = 0; m < count; m++) {
        receiver.receiveAsync(new Tag(kind, 0, 0, m), 0).join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      out.forEach(CompletableFuture::join);
      return new Result(seconds, sender.stats().bytesSent() - before);
    }

    @Override
    public void close() {
      sender.close();
      receiver.close();
    }
  }
}
