package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.comms.tcp.TcpCommunicator;
import dev.compactfusion.comms.tcp.TcpConfig;
import dev.compactfusion.comms.tcp.TcpCoordinator;
import java.time.Duration;

/** The tcp settings the launch options imply, for the coordinator (rank 0) and for joining workers. */
final class TcpWorld {
  private TcpWorld() {}

  static TcpCoordinator coordinator(int workers, LaunchOptions options) {
    TcpConfig config = TcpConfig.coordinator(options.listenHost(), options.listenPort(), workers, options.token())
        .withTimeout(options.timeout())
        .withLink(options.link());
    return TcpCommunicator.coordinator(config);
  }

  static TcpConfig worker(String hostPort, String token, Duration timeout, LinkSpec link) {
    return TcpConfig.worker(hostPort, token).withTimeout(timeout).withLink(link);
  }
}
