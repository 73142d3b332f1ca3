package dev.compactfusion.comms.tcp;

import dev.compactfusion.comms.transport.PeerFailureException;
import dev.compactfusion.comms.transport.mesh.MessageKey;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Messages waiting to go to one peer. Runs on the channel's event loop: writes chunks (each a
 * wrapped slice of the caller's buffer) while the channel is writable, whole messages one after
 * another so their chunks never interleave, and resumes when the channel becomes writable again.
 * A send completes with its framed byte count when its last chunk is written; if no chunk
 * completes for a whole timeout while messages wait, the peer is declared stalled.
 */
final class Outbox {
  private static final class Pending {
    final MessageKey key;
    final ByteBuffer data;
    final int total;
    final CompletableFuture<Long> done;
    boolean started;
    long framed;

    Pending(MessageKey key, ByteBuffer data, CompletableFuture<Long> done) {
      this.key = key;
      this.data = data;
      this.total = data.remaining();
      this.done = done;
    }
  }

  interface StallListener {
    void stalled(int peer, String problem);
  }

  private final Channel channel;
  private final int peer;
  private final java.util.function.IntSupplier myRank;
  private final int maxChunkBytes;
  private final Duration timeout;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private Pending current;
  private long lastProgressNanos;
  private PeerFailureException failed;
  private final io.netty.util.concurrent.ScheduledFuture<?> watchdog;

  Outbox(Channel channel, int peer, java.util.function.IntSupplier myRank, int maxChunkBytes, Duration timeout, StallListener onStall) {
    this.channel = channel;
    this.peer = peer;
    this.myRank = myRank;
    this.maxChunkBytes = maxChunkBytes;
    this.timeout = timeout;
    long period = Math.max(timeout.toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(10));
    watchdog = channel.eventLoop().scheduleAtFixedRate(() -> {
      if ((current != null || !queue.isEmpty()) && System.nanoTime() - lastProgressNanos > timeout.toNanos()) {
        onStall.stalled(peer, "sending to it made no progress for " + timeout.toMillis() + " ms (peer stalled)");
      }
    }, period, period, TimeUnit.NANOSECONDS);
  }

  CompletableFuture<Long> enqueue(MessageKey key, ByteBuffer data) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    channel.eventLoop().execute(() -> {
      if (failed != null) {
        done.completeExceptionally(new PeerFailureException(peer, key.describe(), failed.getMessage(), failed));
        return;
      }
      if (current == null && queue.isEmpty()) {
        lastProgressNanos = System.nanoTime();
      }
      queue.add(new Pending(key, data, done));
      pump();
    });
    return done;
  }

  /** Writes what the channel takes now; called on the event loop, also when writability returns. */
  void pump() {
    boolean wrote = false;
    while (channel.isWritable() && failed == null) {
      if (current == null) {
        current = queue.poll();
        if (current == null) {
          break;
        }
      }
      writeChunk(current);
      wrote = true;
    }
    if (wrote) {
      channel.flush();
    }
  }

  /** Fails the message being written and all waiting ones; later sends fail at once. Event loop only. */
  void failAll(String problem, Throwable cause) {
    if (failed == null) {
      failed = new PeerFailureException(peer, "sending", problem, cause);
    }
    watchdog.cancel(false);
    if (current != null) {
      fail(current, problem, cause);
      current = null;
    }
    for (Pending p; (p = queue.poll()) != null; ) {
      fail(p, problem, cause);
    }
  }

  boolean idle() {
    return current == null && queue.isEmpty();
  }

  private void writeChunk(Pending p) {
    int n = Math.min(maxChunkBytes, p.data.remaining());
    ByteBuffer chunk = p.data.slice().limit(n);
    p.data.position(p.data.position() + n);
    ByteBuf frame = p.started
        ? FrameWriter.next(channel.alloc(), chunk)
        : FrameWriter.first(channel.alloc(), myRank.getAsInt(), p.key, p.total, chunk);
    p.started = true;
    p.framed += frame.readableBytes();
    boolean last = !p.data.hasRemaining();
    if (last) {
      current = null;
    }
    channel.write(frame).addListener(f -> {
      if (f.isSuccess()) {
        lastProgressNanos = System.nanoTime();
        if (last) {
          p.done.complete(p.framed);
        }
      } else {
        fail(p, "writing to it failed: " + f.cause().getMessage(), f.cause());
      }
    });
  }

  private void fail(Pending p, String problem, Throwable cause) {
    p.done.completeExceptionally(new PeerFailureException(peer, p.key.describe(), problem, cause));
  }
}
