package dev.compactfusion.comms.tcp;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.mesh.MeshCommunicator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Rank 0 of a tcp group. It listens, assigns ranks 1..n-1 to workers in the order their JOIN
 * arrives, and once all have joined tells each worker its rank and every member's address, after
 * which the workers connect to each other. Start it, hand {@link #port()} and {@link #token()}
 * to the workers, then call {@link #awaitMembers()}.
 */
public final class TcpCoordinator implements AutoCloseable {
  private record Member(Channel channel, String host, int port) {}

  private final TcpNode node;
  private final ClusterToken token;
  private final InetSocketAddress bound;
  private final List<Member> members = new ArrayList<>();
  private final CompletableFuture<Void> allJoined = new CompletableFuture<>();
  private boolean handedOff;

  private TcpCoordinator(TcpNode node, ClusterToken token, InetSocketAddress bound) {
    this.node = node;
    this.token = token;
    this.bound = bound;
  }

  static TcpCoordinator start(TcpConfig config) {
    if (config.worldSize() < 1) {
      throw new IllegalArgumentException("the coordinator needs the world size (members including itself)");
    }
    ClusterToken token = config.token() == null ? ClusterToken.generate() : new ClusterToken(config.token());
    TcpNode node = new TcpNode(config, token);
    try {
      InetSocketAddress bound = node.bind(InetAddress.getByName(config.host()), config.port());
      TcpCoordinator c = new TcpCoordinator(node, token, bound);
      node.rendezvous(c::control);
      node.world(0, config.worldSize());
      if (config.worldSize() == 1) {
        c.allJoined.complete(null);
      }
      return c;
    } catch (UnknownHostException e) {
      node.close();
      throw new IllegalArgumentException("unknown host '" + config.host() + "'");
    } catch (InterruptedException e) {
      node.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the coordinator", e);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  public int port() {
    return bound.getPort();
  }

  public String host() {
    return bound.getAddress().getHostAddress();
  }

  /** The token workers must pass (the given one, or the generated one). */
  public String token() {
    return token.text();
  }

  /** Waits (at most the rendezvous timeout) until every worker has joined; the communicator of rank 0. */
  public Communicator awaitMembers() {
    long timeoutMs = node.config().rendezvousTimeout().toMillis();
    try {
      allJoined.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      int joined;
      synchronized (this) {
        joined = members.size();
      }
      close();
      throw new IllegalStateException("only " + joined + " of " + (node.worldSize() - 1)
          + " workers joined the coordinator within " + timeoutMs + " ms");
    } catch (ExecutionException e) {
      close();
      throw new IllegalStateException("the rendezvous failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for workers", e);
    }
    synchronized (this) {
      handedOff = true;
    }
    return new MeshCommunicator(node, node.config().timeout());
  }

  /**
   * Closes the listener and connections unless {@link #awaitMembers()} handed them to a communicator.
   * A thread blocked in {@link #awaitMembers()} is released at once (a launcher closes the coordinator
   * when it sees a worker exit, and must not then wait out the rendezvous timeout).
   */
  @Override
  public void close() {
    synchronized (this) {
      if (handedOff) {
        return;
      }
      handedOff = true;
    }
    allJoined.completeExceptionally(new IllegalStateException("the coordinator was closed before every worker joined"));
    node.close();
  }

  private void control(Channel channel, ControlFrame frame) {
    if (frame.type() != FrameType.JOIN || frame.body().readableBytes() != 4) {
      throw new IllegalStateException("expected a JOIN frame from a new worker, got " + frame.type());
    }
    int port = frame.body().readInt();
    List<Member> world;
    synchronized (this) {
      if (members.size() == node.worldSize() - 1) {
        channel.close();
        throw new IllegalStateException("a worker tried to join a full cluster of " + node.worldSize());
      }
      String host = ((InetSocketAddress) channel.remoteAddress()).getAddress().getHostAddress();
      members.add(new Member(channel, host, port));
      node.attach(members.size(), channel);
      if (members.size() < node.worldSize() - 1) {
        return;
      }
      world = List.copyOf(members);
    }
    for (int r = 1; r <= world.size(); r++) {
      world.get(r - 1).channel().writeAndFlush(
          FrameWriter.control(world.get(r - 1).channel().alloc(), FrameType.WORLD, worldFrame(r, world)));
    }
    allJoined.complete(null);
  }

  private ByteBuf worldFrame(int rank, List<Member> world) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt(rank).writeInt(world.size() + 1);
    writeAddress(b, host(), port());
    for (Member m : world) {
      writeAddress(b, m.host(), m.port());
    }
    return b;
  }

  private static void writeAddress(ByteBuf b, String host, int port) {
    byte[] h = host.getBytes(StandardCharsets.UTF_8);
    b.writeShort(h.length).writeBytes(h).writeInt(port);
  }
}
