package dev.compactfusion.serve;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server: Netty's HTTP/1.1 codec and aggregator (Netty is already the engine's tcp
 * transport, so no second network stack), {@link HttpApi}'s routes, and the life of the server:
 * it listens at once and answers {@code /health} with 503 while the pools warm, serves once
 * {@link #ready} hands it the warm pools, and on {@link #drain} refuses new generations with 503,
 * answers every accepted one, and closes.
 */
public final class ImageServer implements AutoCloseable {
  /** Larger than any request the images API needs; an upload of anything else is refused early. */
  public static final int DEFAULT_BODY_LIMIT = 64 * 1024;
  /** How long a drain lets written answers reach a slow client before it closes anyway. */
  private static final Duration ANSWER_WRITE_TIMEOUT = Duration.ofSeconds(30);

  private final ServerState state;
  private final EventLoopGroup group;
  private final Channel channel;

  private ImageServer(ServerState state, EventLoopGroup group, Channel channel) {
    this.state = state;
    this.group = group;
    this.channel = channel;
  }

  /**
   * Listens on {@code host:port} (port 0: any free one).
   *
   * @param token the bearer token every request but {@code /health} must carry; null for none
   */
  public static ImageServer listen(String host, int port, ServedModel model, int queueCapacity, String token,
      int bodyLimit) {
    ServerState state = new ServerState(model, queueCapacity, token);
    HttpApi api = new HttpApi(state);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new HttpServerCodec(), new BodyLimit(bodyLimit, state), api);
            }
          })
          .bind(host, port).syncUninterruptibly().channel();
      return new ImageServer(state, group, channel);
    } catch (Exception e) {
      // Netty rethrows the bind's checked exception (e.g. address in use) undeclared.
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalArgumentException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** The port it listens on (the chosen one when asked for port 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  public String host() {
    return ((InetSocketAddress) channel.localAddress()).getHostString();
  }

  /** Starts serving generations on the warm pools, one runner each; {@code /health} turns 200. */
  public void ready(List<ImageBackend> pools) {
    if (pools.isEmpty()) {
      throw new IllegalArgumentException("a server needs at least one pool");
    }
    state.queue().start(pools);
    state.markReady();
  }

  /**
   * Refuses new generations (503), waits until every accepted one is answered and its answer has
   * left for the client, then closes.
   */
  public void drain() throws InterruptedException {
    state.markDraining();
    state.queue().drain();
    state.answersInFlight().awaitNone(ANSWER_WRITE_TIMEOUT);
    close();
  }

  /** Generation requests waiting for a pool. */
  public int queueDepth() {
    return state.queue().depth();
  }

  /** The ids of the jobs waiting for a pool, oldest first. */
  public List<String> queuedJobIds() {
    return state.queue().waitingIds();
  }

  /** The ids of the jobs the pools are running. */
  public List<String> runningJobIds() {
    return state.queue().runningIds();
  }

  /** The metrics page as {@code GET /metrics} shows it. */
  public String metrics() {
    return state.metrics().prometheus();
  }

  /** Stops listening and lets written answers go out before the event loops end. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(100, 5000, TimeUnit.MILLISECONDS).syncUninterruptibly();
  }
}
