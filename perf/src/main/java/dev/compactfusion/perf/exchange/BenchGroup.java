package dev.compactfusion.perf.exchange;

import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.comms.local.LocalCluster;
import dev.compactfusion.comms.tcp.TcpCommunicator;
import dev.compactfusion.comms.tcp.TcpConfig;
import dev.compactfusion.comms.tcp.TcpCoordinator;
import dev.compactfusion.comms.transport.Communicator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The communicators of a whole group inside this JVM: local, or tcp over loopback with a shaped link. */
final class BenchGroup {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private BenchGroup() {}

  static List<Communicator> open(String transport, int workers, String link) throws Exception {
    if (transport.equals("local")) {
      return LocalCluster.create(workers, TIMEOUT);
    }
    LinkSpec spec = LinkSpec.parse(link, null);
    TcpCoordinator coordinator = TcpCommunicator.coordinator(
        TcpConfig.coordinator("127.0.0.1", 0, workers, null).withTimeout(TIMEOUT).withLink(spec).withIoThreads(1));
    List<CompletableFuture<Communicator>> joining = new ArrayList<>();
    for (int i = 1; i < workers; i++) {
      TcpConfig config = TcpConfig.worker("127.0.0.1", coordinator.port(), coordinator.token())
          .withTimeout(TIMEOUT).withLink(spec).withIoThreads(1);
      joining.add(CompletableFuture.supplyAsync(() -> TcpCommunicator.join(config)));
    }
    List<Communicator> all = new ArrayList<>();
    all.add(coordinator.awaitMembers());
    for (CompletableFuture<Communicator> c : joining) {
      all.add(c.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }
    all.sort(Comparator.comparingInt(Communicator::rank));
    return all;
  }
}
