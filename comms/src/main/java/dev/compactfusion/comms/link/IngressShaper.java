package dev.compactfusion.comms.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The receiving half of an emulated interface: holds each decoded message until the shared
 * ingress {@link WireClock} has carried it ({@link WireClock#receive}). Every event of the channel,
 * the close included, keeps its order behind the messages held before it.
 */
public final class IngressShaper extends ChannelInboundHandlerAdapter {
  private final LinkSpec link;
  private final WireClock wire;
  private final ToLongFunction<Object> bytesOf;
  private long lastReleaseNanos = Long.MIN_VALUE;
  /** Events scheduled and not yet fired; while any are, later ones queue behind them. */
  private int pending;

  /** {@code bytesOf} gives the wire size of a decoded message (0 for what carries no payload). */
  public IngressShaper(LinkSpec link, WireClock wire, ToLongFunction<Object> bytesOf) {
    this.link = link;
    this.wire = wire;
    this.bytesOf = bytesOf;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    long bytes = bytesOf.applyAsLong(msg);
    long now = System.nanoTime();
    long at = bytes > 0 ? wire.receive(now, link.transmitNanos(bytes)) : now;
    release(ctx, Math.max(at, lastReleaseNanos), now, () -> ctx.fireChannelRead(msg));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release(ctx, lastReleaseNanos, System.nanoTime(), ctx::fireChannelInactive);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    release(ctx, lastReleaseNanos, System.nanoTime(), () -> ctx.fireExceptionCaught(cause));
  }

  private void release(ChannelHandlerContext ctx, long at, long now, Runnable event) {
    lastReleaseNanos = Math.max(lastReleaseNanos, at);
    if (at <= now && pending == 0) {
      event.run();
      return;
    }
    // The channel's own event loop runs these in deadline order, ties in the order scheduled.
    pending++;
    ctx.executor().schedule(() -> {
      pending--;
      event.run();
    }, Math.max(0, at - now), TimeUnit.NANOSECONDS);
  }
}
