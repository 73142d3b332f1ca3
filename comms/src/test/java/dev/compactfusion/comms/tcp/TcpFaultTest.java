package dev.compactfusion.comms.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.comms.transport.CommStats;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.PeerFailureException;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.mesh.MessageKey;
import dev.compactfusion.comms.transport.mesh.Operation;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class TcpFaultTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static TcpConfig coordinatorConfig(int world) {
    return TcpConfig.coordinator("127.0.0.1", 0, world, "the-right-token").withTimeout(TIMEOUT)
        .withRendezvousTimeout(TIMEOUT).withIoThreads(1);
  }

  @Test
  void aWorkerWithTheWrongTokenIsRefused() {
    TcpCoordinator coordinator = TcpCommunicator.coordinator(coordinatorConfig(2));
    try {
      assertThatThrownBy(() -> TcpCommunicator.join(
          TcpConfig.worker("127.0.0.1", coordinator.port(), "a-wrong-token").withTimeout(TIMEOUT)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot join the coordinator")
          .hasMessageContaining("token");
      assertThatThrownBy(coordinator::awaitMembers).hasMessageContaining("only 0 of 1 workers joined");
    } finally {
      coordinator.close();
    }
  }

  @Test
  void anUnreachableCoordinatorFailsTheJoinWithAClearError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TcpConfig config = TcpConfig.worker("127.0.0.1:" + port, "some-token").withTimeout(Duration.ofSeconds(30));
    // Refused connections must fail at once, not after the 30 s timeout.
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        assertThatThrownBy(() -> TcpCommunicator.join(config))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot reach the coordinator at 127.0.0.1:" + port));
  }

  @Test
  void anUnauthenticatedPeerCannotSendALargeFrame() throws Exception {
    TcpCoordinator coordinator = TcpCommunicator.coordinator(coordinatorConfig(2));
    try (RawPeer raw = new RawPeer(coordinator.port())) {
      raw.out.writeInt(1 << 30);
      raw.out.writeByte(FrameType.MESSAGE.code());
      raw.out.flush();
      assertThat(raw.closedByPeer()).isTrue();
    } finally {
      coordinator.close();
    }
  }

  @Test
  void anOversizeMessageClosesThatConnectionAndFailsWaitsOnItsRank() throws Exception {
    TcpCoordinator coordinator = TcpCommunicator.coordinator(coordinatorConfig(2).withLimits(1 << 20, 64 << 10));
    try (RawPeer raw = new RawPeer(coordinator.port())) {
      raw.authenticate("the-right-token");
      raw.frame(FrameType.JOIN, new byte[] {0, 0, 0, 1});
      Communicator c = coordinator.awaitMembers();
      raw.readFrame(FrameType.WORLD);
      CompletableFuture<ByteBuffer> waiting = c.receiveAsync(Tag.of("x"), 1);
      // Declares a 2 GiB - 1 message: must be refused from the header, before any allocation.
      byte[] header = messageHeader(1, Integer.MAX_VALUE);
      raw.out.writeInt(1 + 2 + header.length);
      raw.out.writeByte(FrameType.MESSAGE.code());
      raw.out.writeShort(header.length);
      raw.out.write(header);
      raw.out.flush();
      assertThat(raw.closedByPeer()).isTrue();
      assertThatThrownBy(waiting::join).isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(PeerFailureException.class)
          .hasMessageContaining("worker 1")
          .hasMessageContaining("exceeds the limit of 1048576 bytes");
      c.close();
    }
  }

  @Test
  void anOversizeChunkFrameIsRefused() throws Exception {
    TcpCoordinator coordinator = TcpCommunicator.coordinator(coordinatorConfig(2).withLimits(1 << 20, 64 << 10));
    try (RawPeer raw = new RawPeer(coordinator.port())) {
      raw.authenticate("the-right-token");
      raw.frame(FrameType.JOIN, new byte[] {0, 0, 0, 1});
      Communicator c = coordinator.awaitMembers();
      raw.readFrame(FrameType.WORLD);
      CompletableFuture<ByteBuffer> waiting = c.receiveAsync(Tag.of("x"), 1);
      raw.out.writeInt(1 + 2 + 100 + (1 << 20));
      raw.out.writeByte(FrameType.MESSAGE.code());
      raw.out.flush();
      assertThat(raw.closedByPeer()).isTrue();
      assertThatThrownBy(waiting::join).cause().isInstanceOf(PeerFailureException.class)
          .hasMessageContaining("exceeds the chunk limit");
      c.close();
    }
  }

  @Test
  void aConnectedButSilentPeerFailsWaitsAfterTheTimeout() throws Exception {
    TcpCoordinator coordinator = TcpCommunicator.coordinator(coordinatorConfig(2).withTimeout(Duration.ofMillis(400)));
    try (RawPeer raw = new RawPeer(coordinator.port())) {
      raw.authenticate("the-right-token");
      raw.frame(FrameType.JOIN, new byte[] {0, 0, 0, 1});
      Communicator c = coordinator.awaitMembers();
      assertThatThrownBy(() -> c.allGatherAsync(new Tag("kv", 4, 2, 0), ByteBuffer.allocate(8)).join())
          .cause().isInstanceOf(PeerFailureException.class)
          .hasMessageContaining("worker 1 failed during all-gather kv[layer 4, step 2, #0]")
          .hasMessageContaining("no data within the timeout of 400 ms");
      c.close();
    }
  }

  @Test
  void aMalformedFrameIsRefused() throws Exception {
    TcpCoordinator coordinator = TcpCommunicator.coordinator(coordinatorConfig(2));
    try (RawPeer raw = new RawPeer(coordinator.port())) {
      raw.authenticate("the-right-token");
      raw.frame(FrameType.JOIN, new byte[] {0, 0, 0, 1});
      Communicator c = coordinator.awaitMembers();
      raw.readFrame(FrameType.WORLD);
      CompletableFuture<ByteBuffer> waiting = c.receiveAsync(Tag.of("x"), 1);
      raw.frame(FrameType.CONTINUE, new byte[] {1, 2, 3});
      assertThat(raw.closedByPeer()).isTrue();
      assertThatThrownBy(waiting::join).cause().isInstanceOf(PeerFailureException.class)
          .hasMessageContaining("does not belong to a message");
      c.close();
    }
  }

  @Test
  void byteCountersEqualTheBytesFramedOnTheWire() throws Exception {
    int chunk = 64 << 10;
    TcpCoordinator coordinator = TcpCommunicator.coordinator(
        coordinatorConfig(2).withLimits(16 << 20, chunk).withRendezvousTimeout(Duration.ofSeconds(20)));
    CompletableFuture<Communicator> worker = CompletableFuture.supplyAsync(() -> TcpCommunicator.join(
        TcpConfig.worker("127.0.0.1", coordinator.port(), coordinator.token()).withTimeout(TIMEOUT)
            .withLimits(16 << 20, chunk).withIoThreads(1)));
    Communicator a = coordinator.awaitMembers();
    Communicator b = worker.join();
    try {
      int[] sizes = {0, 10, chunk, chunk + 1, 3 * chunk + 5};
      long expected = 0;
      for (int i = 0; i < sizes.length; i++) {
        Tag tag = new Tag("count", 0, 0, i);
        a.sendAsync(tag, 1, ByteBuffer.allocate(sizes[i])).join();
        assertThat(b.receiveAsync(tag, 0).join().remaining()).isEqualTo(sizes[i]);
        expected += framedSize("", "count", sizes[i], chunk);
      }
      CommStats sent = a.stats();
      CommStats received = b.stats();
      assertThat(sent.byKind().get("count").bytesSent()).isEqualTo(expected);
      assertThat(received.byKind().get("count").bytesReceived()).isEqualTo(expected);
      assertThat(received.byKind().get("count").operations()).isEqualTo(sizes.length);
    } finally {
      List.of(b, a).forEach(Communicator::close);
    }
  }

  /** Length field, type, header-length field, header, payload; then 5 bytes per further chunk. */
  private static long framedSize(String group, String kind, int payload, int chunk) {
    int header = 4 + 4 + 1 + 2 + group.length() + 2 + kind.length() + 12;
    long chunks = Math.max(1, (payload + chunk - 1) / chunk);
    return 4 + 1 + 2 + header + payload + (chunks - 1) * 5;
  }

  private static byte[] messageHeader(int source, int total) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(bytes);
    MessageKey key = new MessageKey("", Operation.POINT_TO_POINT, Tag.of("x"));
    d.writeInt(source);
    d.writeInt(total);
    d.writeByte(key.operation().code());
    d.writeShort(0);
    byte[] kind = key.tag().kind().getBytes(StandardCharsets.UTF_8);
    d.writeShort(kind.length);
    d.write(kind);
    d.writeInt(0);
    d.writeInt(0);
    d.writeInt(0);
    return bytes.toByteArray();
  }
}
