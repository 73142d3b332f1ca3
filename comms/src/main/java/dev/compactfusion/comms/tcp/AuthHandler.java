package dev.compactfusion.comms.tcp;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Mutual challenge–response on a fresh connection: each side sends a nonce and proves the token
 * by MACing the other's nonce with its own. Once the peer's proof checks out, the decoder is told
 * to accept data frames and this handler removes itself; a wrong proof, a close or the timeout
 * before that refuses the peer (logged) and fails {@code verified}.
 */
final class AuthHandler extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(AuthHandler.class.getName());

  private final ClusterToken token;
  private final FrameDecoder decoder;
  private final Duration timeout;
  private final Promise<Channel> verified;
  private final byte[] myNonce = ClusterToken.nonce();
  private byte[] peerNonce;
  private ScheduledFuture<?> deadline;

  AuthHandler(ClusterToken token, FrameDecoder decoder, Duration timeout, Promise<Channel> verified) {
    this.token = token;
    this.decoder = decoder;
    this.timeout = timeout;
    this.verified = verified;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(FrameWriter.control(ctx.alloc(), FrameType.CHALLENGE, myNonce));
    deadline = ctx.executor().schedule(
        () -> refuse(ctx, "no token handshake within " + timeout.toMillis() + " ms"),
        timeout.toNanos(), TimeUnit.NANOSECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ControlFrame frame)) {
      refuse(ctx, "unexpected " + msg.getClass().getSimpleName() + " before the token handshake");
      return;
    }
    byte[] body = ByteBufUtil.getBytes(frame.body());
    frame.body().release();
    if (frame.type() == FrameType.CHALLENGE && peerNonce == null && body.length == ClusterToken.NONCE_BYTES
        && !Arrays.equals(body, myNonce)) {
      peerNonce = body;
      ctx.writeAndFlush(FrameWriter.control(ctx.alloc(), FrameType.RESPONSE, token.proof(peerNonce, myNonce)));
    } else if (frame.type() == FrameType.RESPONSE && peerNonce != null) {
      if (!token.verify(myNonce, peerNonce, body)) {
        refuse(ctx, "its proof of the cluster token does not match (one side has the wrong token)");
        return;
      }
      deadline.cancel(false);
      decoder.authenticated();
      ctx.pipeline().remove(this);
      verified.trySuccess(ctx.channel());
    } else {
      refuse(ctx, "malformed " + frame.type() + " frame in the token handshake");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (deadline != null) {
      deadline.cancel(false);
    }
    verified.tryFailure(new IllegalStateException("the peer at " + ctx.channel().remoteAddress()
        + " closed the connection during the token handshake (does it have the same cluster token?)"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // An I/O error mid-handshake is a peer that went away (reported by the run); anything else is
    // a refusal worth a warning.
    refuse(ctx, cause.getMessage(), cause instanceof java.io.IOException
        ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING);
  }

  private void refuse(ChannelHandlerContext ctx, String why) {
    refuse(ctx, why, System.Logger.Level.WARNING);
  }

  private void refuse(ChannelHandlerContext ctx, String why, System.Logger.Level level) {
    LOG.log(level, "refused connection from " + ctx.channel().remoteAddress() + ": " + why);
    verified.tryFailure(new IllegalStateException("connection with " + ctx.channel().remoteAddress()
        + " refused: " + why));
    ctx.close();
  }
}
