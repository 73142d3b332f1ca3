package dev.compactfusion.comms.transport.mesh;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * What a backend provides to {@link MeshCommunicator}: point-to-point delivery between the ranks
 * of the whole world, and a mailbox where messages from peers land. Collectives, sub-groups,
 * statistics and timeouts are built on top, the same for every backend.
 */
public interface Wire extends AutoCloseable {

  int rank();

  int worldSize();

  /**
   * Sends {@code data} (position to limit, not modified) to {@code peer}. The future completes
   * with the number of bytes framed on the wire once {@code data} may be reused, and fails with a
   * {@link dev.compactfusion.comms.transport.PeerFailureException} if the peer is gone or the
   * send stalls past the timeout.
   */
  CompletableFuture<Long> send(int peer, MessageKey key, ByteBuffer data);

  Mailbox mailbox();

  @Override
  void close();
}
