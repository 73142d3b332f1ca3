package dev.compactfusion.comms.transport.mesh;

import dev.compactfusion.comms.transport.CommStats;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Collectives, sub-groups, statistics and timeouts over any {@link Wire}: every collective is a
 * set of tagged point-to-point messages (all-gather: everyone sends to everyone; broadcast: the
 * root sends to everyone; barrier: an all-gather of empty messages). Each backend only moves
 * messages; this class is the same for all of them, which is what makes the local backend an
 * oracle for the others.
 *
 * <p>A member's own part of a result is a view of its own buffer, not a copy. Errors name world
 * ranks (the ranks of the wire), also inside sub-groups.
 */
public final class MeshCommunicator implements Communicator {
  private final Wire wire;
  private final String group;
  private final int[] worldRanks;
  private final int rank;
  private final StatsRecorder stats;
  private final Duration timeout;
  private final boolean ownsWire;

  public MeshCommunicator(Wire wire, Duration timeout) {
    this(wire, "", identity(wire.worldSize()), new StatsRecorder(), timeout, true);
  }

  private MeshCommunicator(Wire wire, String group, int[] worldRanks, StatsRecorder stats,
      Duration timeout, boolean ownsWire) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    this.wire = wire;
    this.group = group;
    this.worldRanks = worldRanks;
    this.stats = stats;
    this.timeout = timeout;
    this.ownsWire = ownsWire;
    int me = -1;
    for (int i = 0; i < worldRanks.length; i++) {
      if (worldRanks[i] == wire.rank()) {
        me = i;
      }
    }
    this.rank = me;
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int worldSize() {
    return worldRanks.length;
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  @Override
  public CompletableFuture<ByteBuffer[]> allGatherAsync(Tag tag, ByteBuffer mine) {
    Objects.requireNonNull(mine, "all-gather needs this member's buffer (may be empty, not null)");
    ByteBuffer[] outgoing = new ByteBuffer[worldSize()];
    java.util.Arrays.fill(outgoing, mine);
    return exchange(new MessageKey(group, Operation.ALL_GATHER, tag), outgoing);
  }

  @Override
  public CompletableFuture<ByteBuffer[]> allToAllAsync(Tag tag, ByteBuffer[] outgoing) {
    if (outgoing == null || outgoing.length != worldSize()) {
      throw new IllegalArgumentException("all-to-all needs one buffer per member (" + worldSize()
          + "), got " + (outgoing == null ? "null" : outgoing.length));
    }
    for (int r = 0; r < outgoing.length; r++) {
      Objects.requireNonNull(outgoing[r], "all-to-all buffer for rank " + r + " is null (use an empty buffer)");
    }
    return exchange(new MessageKey(group, Operation.ALL_TO_ALL, tag), outgoing);
  }

  @Override
  public CompletableFuture<ByteBuffer> broadcastAsync(Tag tag, ByteBuffer data, int root) {
    checkPeer(root, "broadcast root");
    MessageKey key = new MessageKey(group, Operation.BROADCAST, tag);
    stats.operation(tag.kind());
    if (root == rank) {
      Objects.requireNonNull(data, "the broadcast root must pass its buffer");
      List<CompletableFuture<?>> sends = new ArrayList<>();
      for (int r = 0; r < worldSize(); r++) {
        if (r != rank) {
          sends.add(send(key, r, data));
        }
      }
      return timed(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .thenApply(v -> Payloads.view(data)), tag);
    }
    return timed(receive(key, root), tag);
  }

  @Override
  public CompletableFuture<Void> sendAsync(Tag tag, int peer, ByteBuffer data) {
    checkPeer(peer, "send destination");
    Objects.requireNonNull(data, "send needs a buffer");
    stats.operation(tag.kind());
    MessageKey key = new MessageKey(group, Operation.POINT_TO_POINT, tag);
    return timed(send(key, peer, data).thenApply(n -> null), tag);
  }

  @Override
  public CompletableFuture<ByteBuffer> receiveAsync(Tag tag, int peer) {
    checkPeer(peer, "receive source");
    stats.operation(tag.kind());
    return timed(receive(new MessageKey(group, Operation.POINT_TO_POINT, tag), peer), tag);
  }

  @Override
  public CompletableFuture<Void> barrierAsync(Tag tag) {
    ByteBuffer[] empty = new ByteBuffer[worldSize()];
    java.util.Arrays.fill(empty, ByteBuffer.allocate(0));
    return exchange(new MessageKey(group, Operation.BARRIER, tag), empty).thenApply(parts -> null);
  }

  @Override
  public Communicator subGroup(String name, int[] members) {
    if (name == null || name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException("sub-group name must be non-empty without '/', got '" + name + "'");
    }
    if (members == null || members.length == 0) {
      throw new IllegalArgumentException("sub-group '" + name + "' needs at least one member");
    }
    Set<Integer> seen = new HashSet<>();
    int[] mapped = new int[members.length];
    boolean includesMe = false;
    for (int i = 0; i < members.length; i++) {
      checkPeer(members[i], "sub-group member");
      if (!seen.add(members[i])) {
        throw new IllegalArgumentException("sub-group '" + name + "' lists rank " + members[i] + " twice");
      }
      includesMe |= members[i] == rank;
      mapped[i] = worldRanks[members[i]];
    }
    if (!includesMe) {
      throw new IllegalArgumentException("rank " + rank + " is not a member of sub-group '" + name
          + "' " + java.util.Arrays.toString(members) + "; only members may create it");
    }
    return new MeshCommunicator(wire, group + "/" + name, mapped, stats.child(), timeout, false);
  }

  @Override
  public CommStats stats() {
    return stats.snapshot();
  }

  @Override
  public void retire() {
    if (group.isEmpty()) {
      throw new UnsupportedOperationException("the top-level communicator cannot be retired; close it");
    }
    wire.mailbox().retireGroup(group);
  }

  /** Closes the wire if this is the top-level communicator; a sub-group's close does nothing. */
  @Override
  public void close() {
    if (ownsWire) {
      wire.close();
    }
  }

  private CompletableFuture<ByteBuffer[]> exchange(MessageKey key, ByteBuffer[] outgoing) {
    stats.operation(key.tag().kind());
    int n = worldSize();
    List<CompletableFuture<?>> parts = new ArrayList<>();
    @SuppressWarnings("unchecked")
    CompletableFuture<ByteBuffer>[] received = new CompletableFuture[n];
    received[rank] = CompletableFuture.completedFuture(Payloads.view(outgoing[rank]));
    parts.add(received[rank]);
    // Rank r sends to r + 1, r + 2, ... (mod n): at every point each member's interface carries one
    // message in and one out. In rank order instead, all members' first messages converge on rank 0
    // and a 4-member all-gather through per-host interfaces took 4/3 of its wire time.
    for (int k = 1; k < n; k++) {
      int r = (rank + k) % n;
      parts.add(send(key, r, outgoing[r]));
      received[r] = receive(key, r);
      parts.add(received[r]);
    }
    CompletableFuture<ByteBuffer[]> all = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(v -> {
          ByteBuffer[] out = new ByteBuffer[n];
          for (int r = 0; r < n; r++) {
            out[r] = received[r].join();
          }
          return out;
        });
    failFast(all, parts);
    return timed(all, key.tag());
  }

  private CompletableFuture<Long> send(MessageKey key, int groupRank, ByteBuffer data) {
    int peer = worldRanks[groupRank];
    if (peer == wire.rank()) {
      ByteBuffer copy = Payloads.copy(data);
      wire.mailbox().put(key, peer, new Message(copy, copy.remaining()));
      return CompletableFuture.completedFuture(0L);
    }
    return wire.send(peer, key, data.duplicate()).thenApply(framed -> {
      stats.sent(key.tag().kind(), framed);
      return framed;
    });
  }

  private CompletableFuture<ByteBuffer> receive(MessageKey key, int groupRank) {
    int peer = worldRanks[groupRank];
    return wire.mailbox().take(key, peer, timeout).thenApply(m -> {
      if (peer != wire.rank()) {
        stats.received(key.tag().kind(), m.framedBytes());
      }
      return m.payload();
    });
  }

  /** A collective fails as soon as any of its parts fails, not when the slowest part ends. */
  private static void failFast(CompletableFuture<?> all, List<CompletableFuture<?>> parts) {
    for (CompletableFuture<?> part : parts) {
      part.whenComplete((v, e) -> {
        if (e != null) {
          all.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null
              ? e.getCause() : e);
        }
      });
    }
  }

  private <T> CompletableFuture<T> timed(CompletableFuture<T> future, Tag tag) {
    return TimedFuture.of(future, nanos -> stats.blocked(tag.kind(), nanos));
  }

  private void checkPeer(int r, String what) {
    if (r < 0 || r >= worldSize()) {
      throw new IllegalArgumentException(what + " " + r + " is outside the group of " + worldSize() + " members");
    }
  }

  private static int[] identity(int n) {
    int[] ranks = new int[n];
    for (int i = 0; i < n; i++) {
      ranks[i] = i;
    }
    return ranks;
  }
}
