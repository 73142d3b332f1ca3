package dev.compactfusion.perf.transport;

import dev.compactfusion.comms.link.LinkModel;
import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.comms.tcp.TcpCommunicator;
import dev.compactfusion.comms.tcp.TcpConfig;
import dev.compactfusion.comms.tcp.TcpCoordinator;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Wall-clock check of the emulated link models: N workers in this JVM, joined over tcp loopback,
 * all-gather the same buffer through {@code pair}, {@code nic} and {@code shared} links of one
 * rate. Each worker's message crosses N − 1 pair links at once, but one interface N − 1 times, and
 * one shared medium N (N − 1) times, so the expected ratios to pair are N − 1 and N (N − 1).
 */
public final class LinkModelCheck {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private LinkModelCheck() {}

  public static int run(String... args) {
    int workers;
    int bytes;
    int runs;
    LinkSpec rate;
    try {
      workers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
      bytes = args.length > 1 ? Integer.parseInt(args[1]) : 256 * 1024;
      runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
      rate = LinkSpec.parse(args.length > 3 ? args[3] : "10mbit", "0ms");
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    if (workers < 2 || bytes < 1 || runs < 1) {
      return usage("need at least 2 workers, 1 byte and 1 run");
    }
    System.out.printf(Locale.ROOT, "%d workers over tcp loopback in one JVM, all-gather of %d bytes each, "
        + "%d Mbit/s, 1 warm-up + %d timed runs per model%n", workers, bytes, rate.bitsPerSecond() / 1_000_000, runs);
    System.out.println("| model | seconds, median (min–max) | ÷ pair | expected |");
    System.out.println("|---|---|---|---|");
    double pair = 0;
    for (LinkModel model : List.of(LinkModel.PAIR, LinkModel.NIC, LinkModel.SHARED)) {
      double[] seconds = allGathers(workers, bytes, runs, new LinkSpec(rate.bitsPerSecond(), Duration.ZERO, model));
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      double median = sorted[sorted.length / 2];
      pair = model == LinkModel.PAIR ? median : pair;
      int expected = switch (model) {
        case PAIR -> 1;
        case NIC -> workers - 1;
        case SHARED -> workers * (workers - 1);
      };
      System.out.printf(Locale.ROOT, "| %s | %.3f (%.3f–%.3f) | %.2f | %d |%n", model.name().toLowerCase(Locale.ROOT),
          median, sorted[0], sorted[sorted.length - 1], median / pair, expected);
    }
    return 0;
  }

  private static int usage(String why) {
    System.err.println("link-model-check: " + why + "; usage: link-model-check [WORKERS [BYTES [RUNS [RATE]]]]");
    return 2;
  }

  /** Seconds of each timed all-gather, from the moment every worker starts until the last has all parts. */
  private static double[] allGathers(int workers, int bytes, int runs, LinkSpec link) {
    List<Communicator> group = open(workers, link);
    try {
      double[] seconds = new double[runs];
      for (int i = -1; i < runs; i++) {
        Tag tag = new Tag("link-check", 0, 0, i + 1);
        long start = System.nanoTime();
        List<CompletableFuture<ByteBuffer[]>> parts = new ArrayList<>();
        for (Communicator c : group) {
          parts.add(c.allGatherAsync(tag, ByteBuffer.allocateDirect(bytes)));
        }
        parts.forEach(CompletableFuture::join);
        if (i >= 0) {
          seconds[i] = (System.nanoTime() - start) / 1e9;
        }
      }
      return seconds;
    } finally {
      group.forEach(Communicator::close);
    }
  }

  private static List<Communicator> open(int workers, LinkSpec link) {
    TcpCoordinator coordinator = TcpCommunicator.coordinator(TcpConfig.coordinator("127.0.0.1", 0, workers, null)
        .withLink(link).withTimeout(TIMEOUT));
    // One thread per joining worker: each join waits for the whole group, so they cannot share a pool thread.
    ExecutorService joiners = Executors.newFixedThreadPool(workers - 1);
    try {
      List<CompletableFuture<Communicator>> joins = new ArrayList<>();
      for (int r = 1; r < workers; r++) {
        joins.add(CompletableFuture.supplyAsync(() -> TcpCommunicator.join(TcpConfig.worker("127.0.0.1",
            coordinator.port(), coordinator.token()).withLink(link).withTimeout(TIMEOUT)), joiners));
      }
      List<Communicator> group = new ArrayList<>();
      group.add(coordinator.awaitMembers());
      joins.forEach(j -> group.add(j.join()));
      group.sort((a, b) -> Integer.compare(a.rank(), b.rank()));
      return group;
    } finally {
      joiners.shutdown();
    }
  }
}
