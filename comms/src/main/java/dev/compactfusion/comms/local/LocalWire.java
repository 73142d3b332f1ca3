package dev.compactfusion.comms.local;

import dev.compactfusion.comms.transport.PeerFailureException;
import dev.compactfusion.comms.transport.mesh.Mailbox;
import dev.compactfusion.comms.transport.mesh.Message;
import dev.compactfusion.comms.transport.mesh.MessageKey;
import dev.compactfusion.comms.transport.mesh.Payloads;
import dev.compactfusion.comms.transport.mesh.Wire;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Delivery between threads of one JVM: a send copies the payload once straight into the peer's
 * mailbox (the copy is what lets the sender reuse its buffer at once). Nothing is framed, so the
 * byte counters count payload bytes only.
 */
final class LocalWire implements Wire {
  private final int rank;
  private final Mailbox[] mailboxes;
  private final AtomicReferenceArray<Boolean> closed;

  LocalWire(int rank, Mailbox[] mailboxes, AtomicReferenceArray<Boolean> closed) {
    this.rank = rank;
    this.mailboxes = mailboxes;
    this.closed = closed;
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int worldSize() {
    return mailboxes.length;
  }

  @Override
  public CompletableFuture<Long> send(int peer, MessageKey key, ByteBuffer data) {
    if (Boolean.TRUE.equals(closed.get(rank))) {
      return CompletableFuture.failedFuture(
          new PeerFailureException(peer, key.describe(), "this worker's communicator is closed", null));
    }
    if (Boolean.TRUE.equals(closed.get(peer))) {
      return CompletableFuture.failedFuture(
          new PeerFailureException(peer, key.describe(), "the worker has closed its communicator", null));
    }
    ByteBuffer copy = Payloads.copy(data);
    long bytes = copy.remaining();
    mailboxes[peer].put(key, rank, new Message(copy, bytes));
    return CompletableFuture.completedFuture(bytes);
  }

  @Override
  public Mailbox mailbox() {
    return mailboxes[rank];
  }

  @Override
  public void close() {
    if (Boolean.TRUE.equals(closed.getAndSet(rank, true))) {
      return;
    }
    mailboxes[rank].close("this worker's communicator is closed");
    for (int r = 0; r < mailboxes.length; r++) {
      if (r != rank) {
        mailboxes[r].failPeer(rank, "the worker closed its communicator", null);
      }
    }
  }
}
