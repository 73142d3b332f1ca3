package dev.compactfusion.comms.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Last handler of every connection: passes frames, writability and failures to the member. */
final class PeerHandler extends ChannelInboundHandlerAdapter {
  interface Listener {
    void control(Channel channel, ControlFrame frame);

    void delivery(Channel channel, Delivery delivery);

    void writable(Channel channel);

    void lost(Channel channel, String problem, Throwable cause);
  }

  private static final System.Logger LOG = System.getLogger(PeerHandler.class.getName());

  private final Listener listener;

  PeerHandler(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Delivery d) {
      listener.delivery(ctx.channel(), d);
    } else if (msg instanceof ControlFrame f) {
      listener.control(ctx.channel(), f);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      listener.writable(ctx.channel());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    listener.lost(ctx.channel(), "its connection closed (process ended or network failed)", null);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    String problem = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    boolean badFrame = cause instanceof io.netty.handler.codec.DecoderException;
    // A reset connection is how a dead peer looks: the run reports that, naming the worker, in its
    // one error line, so only a protocol violation is worth a warning of its own.
    LOG.log(badFrame ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
        "closing connection with " + ctx.channel().remoteAddress() + ": " + problem);
    listener.lost(ctx.channel(), (badFrame ? "connection closed after an invalid frame: " : "connection failed: ")
        + problem, cause);
    ctx.close();
  }
}
