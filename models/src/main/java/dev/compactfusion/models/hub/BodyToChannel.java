package dev.compactfusion.models.hub;

import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a response body into a channel as it arrives, at most {@code limit} bytes, counting what
 * was written so that the waiting thread can see progress (and notice a stalled server: the JDK
 * client has no read timeout of its own once the headers are in). A {@code null} sink discards
 * the body (error replies and redirects, whose headers say all we use).
 */
final class BodyToChannel implements BodySubscriber<Long> {
  private final WritableByteChannel sink;
  private final String sinkName;
  private final long limit;
  private final AtomicLong written = new AtomicLong();
  private final CompletableFuture<Long> result = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;

  BodyToChannel(WritableByteChannel sink, String sinkName, long limit) {
    this.sink = sink;
    this.sinkName = sinkName;
    this.limit = limit;
  }

  long written() {
    return written.get();
  }

  /** Stops the transfer (a stall, or the caller gave up). */
  void cancel() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (sink == null) {
      subscription.request(1);
      return;
    }
    try {
      for (ByteBuffer b : items) {
        long room = limit - written.get();
        if (b.remaining() > room) {
          b.limit(b.position() + (int) room);
        }
        while (b.hasRemaining()) {
          written.addAndGet(sink.write(b));
        }
        if (written.get() >= limit) {
          subscription.cancel();
          result.complete(written.get());
          return;
        }
      }
      subscription.request(1);
    } catch (IOException e) {
      subscription.cancel();
      result.completeExceptionally(new HubException("cannot write " + sinkName + ": " + e.getMessage(), e));
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(written.get());
  }

  @Override
  public CompletionStage<Long> getBody() {
    return result;
  }
}
