package dev.compactfusion.comms.tcp;

import dev.compactfusion.comms.link.IngressShaper;
import dev.compactfusion.comms.link.LinkModel;
import dev.compactfusion.comms.link.LinkShaper;
import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.comms.link.SharedMedium;
import dev.compactfusion.comms.link.WireClock;
import dev.compactfusion.comms.transport.PeerFailureException;
import dev.compactfusion.comms.transport.mesh.Mailbox;
import dev.compactfusion.comms.transport.mesh.Message;
import dev.compactfusion.comms.transport.mesh.MessageKey;
import dev.compactfusion.comms.transport.mesh.Wire;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One member's connections: a listening socket, one authenticated connection per peer (the full
 * mesh), and an {@link Outbox} per peer. Implements {@link Wire}; the rendezvous roles
 * ({@link TcpCoordinator}, {@link WorkerJoin}) decide which connection belongs to which rank.
 */
final class TcpNode implements Wire, PeerHandler.Listener {
  interface Rendezvous {
    void control(Channel channel, ControlFrame frame);
  }

  private static final AttributeKey<Integer> RANK = AttributeKey.valueOf("compactfusion.rank");
  private static final AttributeKey<Promise<Channel>> VERIFIED = AttributeKey.valueOf("compactfusion.verified");

  private final TcpConfig config;
  private final ClusterToken token;
  private final IoTransport transport = IoTransport.best();
  private final EventLoopGroup group;
  private final Mailbox mailbox = new Mailbox();
  private final Map<Integer, Channel> peers = new ConcurrentHashMap<>();
  private final Map<Integer, Outbox> outboxes = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> meshComplete = new CompletableFuture<>();
  private volatile Rendezvous rendezvous;
  private volatile int rank = -1;
  private volatile int worldSize;
  private volatile boolean closing;
  private Channel server;
  /** This member's interface, both directions; used by the {@code nic} link model only. */
  private final WireClock egress = new WireClock();
  private final WireClock ingress = new WireClock();

  TcpNode(TcpConfig config, ClusterToken token) {
    this.config = config;
    this.token = token;
    this.group = transport.newGroup(ioThreads(config));
  }

  /**
   * With an emulated interface all channels of this member share one egress wire, which carries
   * messages in the order they reach it. One event loop for all channels makes that the order the
   * sends were made in (an all-gather's rotated schedule); spread over several loops, the channels'
   * writes raced and a 4-member all-gather took 4/3 of its wire time. An emulated slow link needs
   * no second I/O thread.
   */
  private static int ioThreads(TcpConfig config) {
    return !config.link().isUnlimited() && config.link().model() == LinkModel.NIC ? 1 : config.ioThreads();
  }

  void rendezvous(Rendezvous r) {
    this.rendezvous = r;
  }

  void world(int myRank, int size) {
    this.rank = myRank;
    this.worldSize = size;
    checkComplete();
  }

  CompletableFuture<Void> meshComplete() {
    return meshComplete;
  }

  boolean hasPeer(int r) {
    return peers.containsKey(r);
  }

  TcpConfig config() {
    return config;
  }

  /** Starts listening; returns the bound address (port 0 resolved). */
  InetSocketAddress bind(InetAddress address, int port) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap().group(group).channel(transport.serverChannel())
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, readSizes())
        .childHandler(initializer());
    ChannelFuture f = b.bind(address, port);
    if (!f.await(config.timeout().toMillis()) || !f.isSuccess()) {
      throw new IllegalStateException("cannot listen on " + address.getHostAddress() + ":" + port + ": "
          + (f.cause() == null ? "timed out" : f.cause().getMessage()));
    }
    server = f.channel();
    return (InetSocketAddress) server.localAddress();
  }

  /** Connects and completes the token handshake; throws with a clear message if either fails. */
  Channel connect(String host, int port, String whom) throws InterruptedException {
    Bootstrap b = new Bootstrap().group(group).channel(transport.channel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
        .option(ChannelOption.RCVBUF_ALLOCATOR, readSizes())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis()))
        .handler(initializer());
    ChannelFuture f = b.connect(host, port);
    if (!f.await(config.timeout().toMillis() + 1000) || !f.isSuccess()) {
      f.channel().close();
      // The cause stays attached: a caller that expects the peer to come up later retries on a refusal.
      throw new IllegalStateException("cannot reach " + whom + " at " + host + ":" + port + ": "
          + (f.cause() == null ? "no answer within " + config.timeout().toMillis() + " ms" : f.cause().getMessage()),
          f.cause());
    }
    Promise<Channel> verified = f.channel().attr(VERIFIED).get();
    if (!verified.await(config.timeout().toMillis() + 1000) || !verified.isSuccess()) {
      f.channel().close();
      throw new IllegalStateException("cannot join " + whom + " at " + host + ":" + port + ": "
          + (verified.cause() == null ? "no token handshake within the timeout" : verified.cause().getMessage()));
    }
    return f.channel();
  }

  /** From now on, {@code channel} is the connection to rank {@code peer}. */
  void attach(int peer, Channel channel) {
    if (peers.putIfAbsent(peer, channel) != null) {
      throw new IllegalStateException("rank " + peer + " connected twice");
    }
    channel.attr(RANK).set(peer);
    channel.pipeline().get(FrameDecoder.class).expectSource(peer);
    outboxes.put(peer, new Outbox(channel, peer, this::rank, config.maxChunkBytes(), config.timeout(),
        (p, problem) -> peerLost(p, problem, null)));
    if (!channel.isActive()) {
      peerLost(peer, "its connection closed (process ended or network failed)", null);
    }
    checkComplete();
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int worldSize() {
    return worldSize;
  }

  @Override
  public Mailbox mailbox() {
    return mailbox;
  }

  @Override
  public CompletableFuture<Long> send(int peer, MessageKey key, ByteBuffer data) {
    Outbox out = outboxes.get(peer);
    if (out == null) {
      return CompletableFuture.failedFuture(new PeerFailureException(peer, key.describe(),
          closing ? "this communicator is closed" : "no connection to it", null));
    }
    return out.enqueue(key, data);
  }

  @Override
  public void control(Channel channel, ControlFrame frame) {
    try {
      Rendezvous r = rendezvous;
      if (r == null) {
        throw new IllegalStateException("unexpected " + frame.type() + " frame");
      }
      r.control(channel, frame);
    } finally {
      frame.body().release();
    }
  }

  @Override
  public void delivery(Channel channel, Delivery d) {
    mailbox.put(d.key(), d.source(), new Message(d.payload(), d.framedBytes()));
  }

  @Override
  public void writable(Channel channel) {
    Integer peer = channel.attr(RANK).get();
    if (peer != null) {
      outboxes.get(peer).pump();
    }
  }

  @Override
  public void lost(Channel channel, String problem, Throwable cause) {
    Integer peer = channel.attr(RANK).get();
    if (peer != null) {
      peerLost(peer, problem, cause);
    }
  }

  void peerLost(int peer, String problem, Throwable cause) {
    String why = closing ? "this communicator is closed" : problem;
    mailbox.failPeer(peer, why, cause);
    Channel ch = peers.get(peer);
    Outbox out = outboxes.get(peer);
    if (ch != null) {
      ch.eventLoop().execute(() -> {
        out.failAll(why, cause);
        ch.close();
      });
    }
    meshComplete.completeExceptionally(new PeerFailureException(peer, "joining the mesh", why, cause));
  }

  /** Lets queued sends finish (within the timeout), then closes every connection and the threads. */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    long deadline = System.nanoTime() + config.timeout().toNanos();
    for (Map.Entry<Integer, Outbox> e : outboxes.entrySet()) {
      Channel ch = peers.get(e.getKey());
      while (ch.isActive() && System.nanoTime() < deadline && !idleOnLoop(ch, e.getValue())) {
        sleepBriefly();
      }
    }
    closing = true;
    mailbox.close("this communicator is closed");
    peers.values().forEach(Channel::close);
    if (server != null) {
      server.close();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  private static boolean idleOnLoop(Channel ch, Outbox out) {
    try {
      return ch.eventLoop().submit(out::idle).get(1, TimeUnit.SECONDS);
    } catch (Exception e) {
      return true;
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkComplete() {
    int size = worldSize;
    if (rank >= 0 && size > 0 && peers.size() == size - 1) {
      meshComplete.complete(null);
    }
  }

  /** Reads of up to 1 MiB: the default cap of 64 KiB costs a trip through the pipeline per 64 KiB. */
  private static io.netty.channel.RecvByteBufAllocator readSizes() {
    return new io.netty.channel.AdaptiveRecvByteBufAllocator(4096, 64 * 1024, 1 << 20);
  }

  private WriteBufferWaterMark waterMark() {
    return new WriteBufferWaterMark(config.maxChunkBytes() / 4, 2 * config.maxChunkBytes());
  }

  private ChannelInitializer<Channel> initializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        FrameDecoder decoder = new FrameDecoder(config.maxChunkBytes(), config.maxMessageBytes());
        Promise<Channel> verified = ch.eventLoop().newPromise();
        ch.attr(VERIFIED).set(verified);
        LinkSpec link = config.link();
        if (!link.isUnlimited()) {
          WireClock sending = switch (link.model()) {
            case PAIR -> new WireClock();
            case NIC -> egress;
            case SHARED -> SharedMedium.of(link);
          };
          ch.pipeline().addLast(new LinkShaper(link, sending, 2L * config.maxChunkBytes()));
        }
        ch.pipeline().addLast(decoder, new AuthHandler(token, decoder, config.timeout(), verified));
        if (!link.isUnlimited() && link.model() == LinkModel.NIC) {
          // Messages from several peers converge on this member's one interface.
          ch.pipeline().addLast(new IngressShaper(link, ingress, m -> m instanceof Delivery d ? d.framedBytes() : 0));
        }
        ch.pipeline().addLast(new PeerHandler(TcpNode.this));
      }
    };
  }
}
