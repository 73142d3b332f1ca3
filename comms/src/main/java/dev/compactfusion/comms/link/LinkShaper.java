package dev.compactfusion.comms.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.TimeUnit;

/**
 * Emulates the sending side of a slow link on a channel: each outgoing buffer leaves when the
 * emulated wire ({@link WireClock}) has finished the previous ones at the configured bandwidth, and reaches
 * the socket one latency later. The wire is this channel's own ({@link LinkModel#PAIR}) or shared
 * with the node's other channels (its interface) or with every member (one medium). Buffers keep their order. While more than {@code highWaterBytes}
 * are held here the channel reports itself unwritable, so senders that respect writability
 * do not pile up unbounded queues.
 *
 * <p>Netty's own ChannelTrafficShapingHandler accounts in check intervals and adds no latency;
 * one schedule per buffer gives both, and its rate is exact over any window longer than a buffer.
 */
public final class LinkShaper extends ChannelOutboundHandlerAdapter {
  private static final int WRITABILITY_INDEX = 3;

  private final LinkSpec link;
  private final WireClock wire;
  private final long highWaterBytes;
  private long heldBytes;

  public LinkShaper(LinkSpec link, WireClock wire, long highWaterBytes) {
    if (link.isUnlimited()) {
      throw new IllegalArgumentException("an unlimited link needs no shaper");
    }
    this.link = link;
    this.wire = wire;
    this.highWaterBytes = highWaterBytes;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    long bytes = msg instanceof ByteBuf b ? b.readableBytes() : 0;
    long now = System.nanoTime();
    long deliverAt = wire.send(now, link.transmitNanos(bytes)) + link.latency().toNanos();
    hold(ctx, bytes);
    ctx.executor().schedule(() -> {
      release(ctx, bytes);
      ctx.writeAndFlush(msg, promise);
    }, deliverAt - now, TimeUnit.NANOSECONDS);
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    // Each held buffer is flushed when its time comes; flushing earlier would send nothing new.
    ctx.flush();
  }

  private void hold(ChannelHandlerContext ctx, long bytes) {
    heldBytes += bytes;
    if (heldBytes > highWaterBytes) {
      setWritable(ctx, false);
    }
  }

  private void release(ChannelHandlerContext ctx, long bytes) {
    heldBytes -= bytes;
    if (heldBytes <= highWaterBytes / 2) {
      setWritable(ctx, true);
    }
  }

  private static void setWritable(ChannelHandlerContext ctx, boolean writable) {
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    if (out != null) {
      out.setUserDefinedWritability(WRITABILITY_INDEX, writable);
    }
  }
}
