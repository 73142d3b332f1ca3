package dev.compactfusion.comms.tcp;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.mesh.MeshCommunicator;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker joining a tcp group: connect to the coordinator and prove the token, listen on the
 * address that reached it, send JOIN with that port, learn rank and world from WORLD, connect to
 * every lower-ranked worker (announcing itself with PEER), and wait for the higher-ranked ones.
 */
final class WorkerJoin {
  private record World(int rank, int size, List<InetSocketAddress> addresses) {}

  private final TcpNode node;
  private final CompletableFuture<World> world = new CompletableFuture<>();

  private WorkerJoin(TcpNode node) {
    this.node = node;
  }

  static Communicator join(TcpConfig config) {
    if (config.token() == null) {
      throw new IllegalArgumentException("a worker needs the cluster token (--token)");
    }
    TcpNode node = new TcpNode(config, new ClusterToken(config.token()));
    try {
      return new WorkerJoin(node).run(config);
    } catch (InterruptedException e) {
      node.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while joining", e);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private Communicator run(TcpConfig config) throws InterruptedException {
    node.rendezvous(this::control);
    String coordinator = "the coordinator";
    Channel toCoordinator = node.connect(config.host(), config.port(), coordinator);
    InetSocketAddress local = (InetSocketAddress) toCoordinator.localAddress();
    InetSocketAddress listening = node.bind(local.getAddress(), 0);
    node.attach(0, toCoordinator);
    toCoordinator.writeAndFlush(FrameWriter.intFrame(toCoordinator.alloc(), FrameType.JOIN, listening.getPort()));
    World w = await(world, "the coordinator did not send the world (are all workers started?)", config);
    node.world(w.rank(), w.size());
    for (int r = 1; r < w.rank(); r++) {
      InetSocketAddress a = w.addresses().get(r);
      Channel ch = node.connect(a.getHostString(), a.getPort(), "worker " + r);
      node.attach(r, ch);
      ch.writeAndFlush(FrameWriter.intFrame(ch.alloc(), FrameType.PEER, w.rank()));
    }
    await(node.meshComplete(), "not every worker connected to worker " + w.rank(), config);
    return new MeshCommunicator(node, config.timeout());
  }

  private void control(Channel channel, ControlFrame frame) {
    switch (frame.type()) {
      case WORLD -> world.complete(parseWorld(frame));
      case PEER -> {
        int peer = frame.body().readInt();
        if (peer < 1 || node.hasPeer(peer)) {
          channel.close();
          throw new IllegalStateException("a peer announced itself as rank " + peer + ", which is taken or invalid");
        }
        node.attach(peer, channel);
      }
      default -> throw new IllegalStateException("unexpected " + frame.type() + " frame at a worker");
    }
  }

  private static World parseWorld(ControlFrame frame) {
    int rank = frame.body().readInt();
    int size = frame.body().readInt();
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (int r = 0; r < size; r++) {
      int n = frame.body().readUnsignedShort();
      String host = frame.body().readCharSequence(n, StandardCharsets.UTF_8).toString();
      addresses.add(InetSocketAddress.createUnresolved(host, frame.body().readInt()));
    }
    return new World(rank, size, addresses);
  }

  private static <T> T await(CompletableFuture<T> f, String problem, TcpConfig config) throws InterruptedException {
    try {
      return f.get(config.rendezvousTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(problem + " within " + config.rendezvousTimeout().toMillis() + " ms");
    } catch (ExecutionException e) {
      throw new IllegalStateException(problem + ": " + e.getCause().getMessage(), e.getCause());
    }
  }
}
