package dev.compactfusion.comms.transport;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One worker's view of a group of workers that exchange buffers. Backends: local (threads of one
 * JVM), tcp (Netty), nccl (device buffers).
 *
 * <p>Buffer rules, the same for every backend: an outgoing buffer is read from its position to
 * its limit and must not be modified until the returned future completes; a received buffer
 * belongs to the caller, position 0, little-endian. Floats travel as little-endian IEEE 754.
 *
 * <p>Every operation is tagged; the tag matches sends with receives (together with the peer
 * rank) and names the operation in statistics and in errors. Every wait is bounded by
 * {@link #timeout()}: a peer that dies or stalls makes the waiting future fail with a
 * {@link PeerFailureException} naming the peer's rank and the tag.
 */
public interface Communicator extends AutoCloseable {

  int rank();

  int worldSize();

  /** Every member's buffer, indexed by rank (this rank's own included); sizes may differ, zero too. */
  CompletableFuture<ByteBuffer[]> allGatherAsync(Tag tag, ByteBuffer mine);

  /** {@code outgoing[r]} goes to rank r; the result's element r came from rank r. */
  CompletableFuture<ByteBuffer[]> allToAllAsync(Tag tag, ByteBuffer[] outgoing);

  /** The root's buffer on every member; non-root members pass null. */
  CompletableFuture<ByteBuffer> broadcastAsync(Tag tag, ByteBuffer data, int root);

  CompletableFuture<Void> sendAsync(Tag tag, int peer, ByteBuffer data);

  CompletableFuture<ByteBuffer> receiveAsync(Tag tag, int peer);

  CompletableFuture<Void> barrierAsync(Tag tag);

  /**
   * A communicator over a subset of this group; every listed member must call this with the same
   * array (ranks of this group, in the order that becomes the sub-group's ranks 0..n-1).
   */
  Communicator subGroup(String name, int[] members);

  /**
   * Ends this sub-group for good on this member: messages for it (or its own sub-groups) that wait
   * here, or arrive later, are dropped, and its waiting receives are cancelled. For work abandoned
   * between two of its exchanges (a cancelled job), so that what was still in flight cannot be
   * taken by a later receive that happens to carry the same tag. Each member retires its own view.
   *
   * @throws UnsupportedOperationException for the top-level communicator (close it instead) or a
   *     backend without sub-groups
   */
  void retire();

  /** Bytes and blocked time so far, per tag kind. */
  CommStats stats();

  java.time.Duration timeout();

  @Override
  void close();
}
