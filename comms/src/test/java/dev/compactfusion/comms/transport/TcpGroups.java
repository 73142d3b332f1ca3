package dev.compactfusion.comms.transport;

import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.comms.tcp.TcpCommunicator;
import dev.compactfusion.comms.tcp.TcpConfig;
import dev.compactfusion.comms.tcp.TcpCoordinator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A whole tcp group over loopback inside this JVM, each member with one I/O thread. */
public final class TcpGroups {
  private TcpGroups() {}

  public static List<Communicator> open(int worldSize, Duration timeout, LinkSpec link) throws Exception {
    TcpCoordinator coordinator = TcpCommunicator.coordinator(
        TcpConfig.coordinator("127.0.0.1", 0, worldSize, null).withTimeout(timeout).withLink(link).withIoThreads(1));
    List<CompletableFuture<Communicator>> workers = new ArrayList<>();
    for (int i = 1; i < worldSize; i++) {
      TcpConfig config = TcpConfig.worker("127.0.0.1", coordinator.port(), coordinator.token())
          .withTimeout(timeout).withLink(link).withIoThreads(1);
      workers.add(CompletableFuture.supplyAsync(() -> TcpCommunicator.join(config), runner()));
    }
    List<Communicator> all = new ArrayList<>();
    all.add(coordinator.awaitMembers());
    for (CompletableFuture<Communicator> w : workers) {
      all.add(w.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS));
    }
    all.sort(Comparator.comparingInt(Communicator::rank));
    return all;
  }

  private static java.util.concurrent.Executor runner() {
    return r -> {
      Thread t = new Thread(r, "tcp-join");
      t.setDaemon(true);
      t.start();
    };
  }
}
