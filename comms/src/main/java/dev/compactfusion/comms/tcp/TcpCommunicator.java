package dev.compactfusion.comms.tcp;

import dev.compactfusion.comms.transport.Communicator;

/**
 * The tcp backend's entry points. Ranks: the coordinator is rank 0; workers get ranks 1..n-1
 * in the order they join. A worker needs only the coordinator's {@code HOST:PORT} and the token.
 */
public final class TcpCommunicator {
  private TcpCommunicator() {}

  /** Starts listening at once; workers may join as soon as this returns. */
  public static TcpCoordinator coordinator(TcpConfig config) {
    return TcpCoordinator.start(config);
  }

  /** Joins the group whose coordinator is at {@code config.host():config.port()}; blocks until the mesh is up. */
  public static Communicator join(TcpConfig config) {
    return WorkerJoin.join(config);
  }
}
