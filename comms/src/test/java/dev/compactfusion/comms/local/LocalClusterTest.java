package dev.compactfusion.comms.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.comms.transport.CommStats;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.PeerFailureException;
import dev.compactfusion.comms.transport.Tag;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalClusterTest {
  private static final Duration SHORT = Duration.ofMillis(300);

  @Test
  void countersHoldPayloadBytesPerKindAndOperations() {
    List<Communicator> comms = LocalCluster.create(3, SHORT);
    CompletableFuture<?>[] f = new CompletableFuture<?>[3];
    for (Communicator c : comms) {
      f[c.rank()] = c.allGatherAsync(new Tag("kv", 1, 0, 0), ByteBuffer.allocate(10 * (c.rank() + 1)));
    }
    CompletableFuture.allOf(f).join();
    comms.get(0).sendAsync(Tag.of("p2p"), 2, ByteBuffer.allocate(7)).join();
    comms.get(2).receiveAsync(Tag.of("p2p"), 0).join();

    CommStats s0 = comms.get(0).stats();
    assertThat(s0.byKind().get("kv").bytesSent()).isEqualTo(2 * 10);
    assertThat(s0.byKind().get("kv").bytesReceived()).isEqualTo(20 + 30);
    assertThat(s0.byKind().get("kv").operations()).isEqualTo(1);
    assertThat(s0.byKind().get("p2p").bytesSent()).isEqualTo(7);
    assertThat(comms.get(2).stats().byKind().get("p2p").bytesReceived()).isEqualTo(7);
    assertThat(comms.get(2).stats().bytesReceived()).isEqualTo(10 + 20 + 7);
    comms.forEach(Communicator::close);
  }

  @Test
  void subGroupTrafficAlsoCountsInTheParent() {
    List<Communicator> comms = LocalCluster.create(2, SHORT);
    Communicator a = comms.get(0).subGroup("pair", new int[] {1, 0});
    Communicator b = comms.get(1).subGroup("pair", new int[] {1, 0});
    assertThat(a.rank()).isEqualTo(1);
    b.sendAsync(Tag.of("x"), 1, ByteBuffer.allocate(5)).join();
    assertThat(a.receiveAsync(Tag.of("x"), 0).join().remaining()).isEqualTo(5);
    assertThat(a.stats().bytesReceived()).isEqualTo(5);
    assertThat(comms.get(0).stats().bytesReceived()).isEqualTo(5);
    comms.forEach(Communicator::close);
  }

  @Test
  void aRetiredGroupDropsWhatWaitsAndWhatArrivesLaterButNotOtherGroups() {
    List<Communicator> comms = LocalCluster.create(2, SHORT);
    Communicator job1a = comms.get(0).subGroup("job-1", new int[] {0, 1});
    Communicator job1b = comms.get(1).subGroup("job-1", new int[] {0, 1});
    Communicator nested = job1b.subGroup("cfg", new int[] {0, 1});
    Communicator nestedA = job1a.subGroup("cfg", new int[] {0, 1});
    // In flight when the job is abandoned: one message waiting, one receive waiting.
    job1a.sendAsync(new Tag("kv", 0, 3, 0), 1, ByteBuffer.allocate(4)).join();
    CompletableFuture<ByteBuffer> pending = nested.receiveAsync(Tag.of("late"), 0);
    job1b.retire();
    assertThat(pending).isCancelled();
    // Arriving after the retirement, in the group and in its sub-group: dropped.
    job1a.sendAsync(new Tag("kv", 0, 4, 0), 1, ByteBuffer.allocate(4)).join();
    nestedA.sendAsync(Tag.of("late"), 1, ByteBuffer.allocate(4)).join();

    // The next job, same tags: sees only its own messages.
    Communicator job2a = comms.get(0).subGroup("job-2", new int[] {0, 1});
    Communicator job2b = comms.get(1).subGroup("job-2", new int[] {0, 1});
    job2a.sendAsync(new Tag("kv", 0, 3, 0), 1, ByteBuffer.allocate(9)).join();
    assertThat(job2b.receiveAsync(new Tag("kv", 0, 3, 0), 0).join().remaining()).isEqualTo(9);
    // A group whose name starts like the retired one is not inside it.
    Communicator similarA = comms.get(0).subGroup("job-10", new int[] {0, 1});
    Communicator similarB = comms.get(1).subGroup("job-10", new int[] {0, 1});
    similarA.sendAsync(Tag.of("x"), 1, ByteBuffer.allocate(2)).join();
    assertThat(similarB.receiveAsync(Tag.of("x"), 0).join().remaining()).isEqualTo(2);
    for (int step : new int[] {3, 4}) {
      assertThatThrownBy(() -> job1b.receiveAsync(new Tag("kv", 0, step, 0), 0).join())
          .cause().isInstanceOf(PeerFailureException.class).hasMessageContaining("timeout");
    }
    assertThatThrownBy(() -> comms.get(0).retire()).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("close it");
    comms.forEach(Communicator::close);
  }

  @Test
  void joiningAnUnfinishedOperationCountsBlockedTime() throws Exception {
    List<Communicator> comms = LocalCluster.create(2, Duration.ofSeconds(5));
    CompletableFuture<ByteBuffer> in = comms.get(1).receiveAsync(Tag.of("late"), 0);
    CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)
        .execute(() -> comms.get(0).sendAsync(Tag.of("late"), 1, ByteBuffer.allocate(1)));
    in.join();
    assertThat(comms.get(1).stats().byKind().get("late").blockedNanos()).isPositive();
    CompletableFuture<ByteBuffer> done = comms.get(0).receiveAsync(Tag.of("early"), 1);
    comms.get(1).sendAsync(Tag.of("early"), 0, ByteBuffer.allocate(1)).join();
    done.join();
    assertThat(comms.get(0).stats().byKind().get("early").blockedNanos()).isZero();
    comms.forEach(Communicator::close);
  }

  @Test
  void aSilentPeerFailsTheWaitAfterTheTimeoutNamingPeerAndTag() {
    List<Communicator> comms = LocalCluster.create(2, SHORT);
    CompletableFuture<ByteBuffer[]> gather = comms.get(0).allGatherAsync(new Tag("kv", 3, 7, 0), ByteBuffer.allocate(4));
    assertThatThrownBy(gather::join)
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(PeerFailureException.class)
        .hasMessageContaining("worker 1")
        .hasMessageContaining("all-gather kv[layer 3, step 7, #0]")
        .hasMessageContaining("timeout of 300 ms");
    comms.forEach(Communicator::close);
  }

  @Test
  void aClosedPeerFailsPendingAndLaterWaitsAtOnce() throws Exception {
    List<Communicator> comms = LocalCluster.create(3, Duration.ofSeconds(30));
    CompletableFuture<ByteBuffer[]> pending = comms.get(0).allGatherAsync(Tag.of("kv"), ByteBuffer.allocate(4));
    comms.get(1).allGatherAsync(Tag.of("kv"), ByteBuffer.allocate(4));
    comms.get(2).close();
    Throwable e = catchCause(pending);
    assertThat(e).isInstanceOf(PeerFailureException.class).hasMessageContaining("worker 2");
    assertThat(((PeerFailureException) e).peerRank()).isEqualTo(2);
    Throwable later = catchCause(comms.get(1).receiveAsync(Tag.of("p"), 2));
    assertThat(later).isInstanceOf(PeerFailureException.class).hasMessageContaining("worker 2");
    Throwable send = catchCause(comms.get(0).sendAsync(Tag.of("p"), 2, ByteBuffer.allocate(1)));
    assertThat(send).isInstanceOf(PeerFailureException.class).hasMessageContaining("worker 2");
    comms.forEach(Communicator::close);
  }

  @Test
  void messagesThatArrivedBeforeThePeerClosedAreStillDelivered() {
    List<Communicator> comms = LocalCluster.create(2, SHORT);
    comms.get(1).sendAsync(Tag.of("last"), 0, ByteBuffer.wrap(new byte[] {42})).join();
    comms.get(1).close();
    assertThat(comms.get(0).receiveAsync(Tag.of("last"), 1).join().get(0)).isEqualTo((byte) 42);
    comms.get(0).close();
  }

  @Test
  void receivedBuffersAreTheReceiversOwn() {
    List<Communicator> comms = LocalCluster.create(2, SHORT);
    ByteBuffer out = ByteBuffer.wrap(new byte[] {1, 2, 3});
    comms.get(0).sendAsync(Tag.of("c"), 1, out).join();
    out.put(0, (byte) 9);
    ByteBuffer in = comms.get(1).receiveAsync(Tag.of("c"), 0).join();
    assertThat(in.get(0)).isEqualTo((byte) 1);
    assertThat(out.position()).isZero();
    comms.forEach(Communicator::close);
  }

  @Test
  void badArgumentsAreRefusedWithTheProblemNamed() {
    List<Communicator> comms = LocalCluster.create(2, SHORT);
    Communicator c = comms.get(0);
    assertThatThrownBy(() -> LocalCluster.create(0, SHORT)).hasMessageContaining("world size must be at least 1");
    assertThatThrownBy(() -> LocalCluster.create(2, Duration.ZERO)).hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> c.sendAsync(Tag.of("x"), 2, ByteBuffer.allocate(1)))
        .hasMessageContaining("send destination 2 is outside the group of 2");
    assertThatThrownBy(() -> c.allToAllAsync(Tag.of("x"), new ByteBuffer[1]))
        .hasMessageContaining("one buffer per member (2), got 1");
    assertThatThrownBy(() -> c.broadcastAsync(Tag.of("x"), null, 0))
        .hasMessageContaining("root must pass its buffer");
    assertThatThrownBy(() -> c.subGroup("g", new int[] {1}))
        .hasMessageContaining("rank 0 is not a member of sub-group 'g'");
    assertThatThrownBy(() -> c.subGroup("g", new int[] {0, 0})).hasMessageContaining("lists rank 0 twice");
    assertThatThrownBy(() -> c.subGroup("a/b", new int[] {0})).hasMessageContaining("without '/'");
    comms.forEach(Communicator::close);
  }

  private static Throwable catchCause(CompletableFuture<?> f) {
    try {
      f.get(5, TimeUnit.SECONDS);
      throw new AssertionError("expected failure");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
