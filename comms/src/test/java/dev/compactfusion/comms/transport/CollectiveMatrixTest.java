package dev.compactfusion.comms.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every collective of every backend against a serial reference, world sizes 1 to 8. */
class CollectiveMatrixTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  static Stream<Arguments> matrix() {
    return Stream.of(Backend.values())
        .flatMap(b -> IntStream.rangeClosed(1, 8).mapToObj(n -> Arguments.of(b, n)));
  }

  private static List<Communicator> open(Backend backend, int n) throws Exception {
    return backend.open(n, TIMEOUT);
  }

  @ParameterizedTest(name = "{0} world {1}")
  @MethodSource("matrix")
  void allGatherReturnsEveryMembersBufferInRankOrder(Backend backend, int n) throws Exception {
    List<Communicator> comms = open(backend, n);
    try {
      List<ByteBuffer[]> results = Ranks.run(comms,
          c -> c.allGatherAsync(Tag.of("ag"), Payload.make(c.rank(), 0, 1)).join());
      for (ByteBuffer[] parts : results) {
        assertThat(parts).hasSize(n);
        for (int r = 0; r < n; r++) {
          assertThat(Payload.bytes(parts[r])).isEqualTo(Payload.bytes(Payload.make(r, 0, 1)));
          assertThat(parts[r].position()).isZero();
          assertThat(parts[r].order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        }
      }
    } finally {
      comms.forEach(Communicator::close);
    }
  }

  @ParameterizedTest(name = "{0} world {1}")
  @MethodSource("matrix")
  void allToAllDeliversEachPairsOwnBuffer(Backend backend, int n) throws Exception {
    List<Communicator> comms = open(backend, n);
    try {
      List<ByteBuffer[]> results = Ranks.run(comms, c -> {
        ByteBuffer[] out = new ByteBuffer[n];
        for (int d = 0; d < n; d++) {
          out[d] = Payload.make(c.rank(), d, 2);
        }
        return c.allToAllAsync(Tag.of("a2a"), out).join();
      });
      for (int me = 0; me < n; me++) {
        for (int s = 0; s < n; s++) {
          assertThat(Payload.bytes(results.get(me)[s])).as("rank %d from %d", me, s)
              .isEqualTo(Payload.bytes(Payload.make(s, me, 2)));
        }
      }
    } finally {
      comms.forEach(Communicator::close);
    }
  }

  @ParameterizedTest(name = "{0} world {1}")
  @MethodSource("matrix")
  void broadcastFromEveryRootReachesEveryone(Backend backend, int n) throws Exception {
    List<Communicator> comms = open(backend, n);
    try {
      List<List<byte[]>> results = Ranks.run(comms, c -> {
        List<byte[]> got = new ArrayList<>();
        for (int root = 0; root < n; root++) {
          ByteBuffer data = c.rank() == root ? Payload.make(root, 1, 3) : null;
          got.add(Payload.bytes(c.broadcastAsync(new Tag("bc", 0, 0, root), data, root).join()));
        }
        return got;
      });
      for (List<byte[]> got : results) {
        for (int root = 0; root < n; root++) {
          assertThat(got.get(root)).isEqualTo(Payload.bytes(Payload.make(root, 1, 3)));
        }
      }
    } finally {
      comms.forEach(Communicator::close);
    }
  }

  @ParameterizedTest(name = "{0} world {1}")
  @MethodSource("matrix")
  void ringOfSendsAndReceivesPassesEveryBlockAround(Backend backend, int n) throws Exception {
    List<Communicator> comms = open(backend, n);
    try {
      // Ring attention's pattern: n-1 hops, each forwarding the block received in the previous hop.
      List<List<byte[]>> results = Ranks.run(comms, c -> {
        int next = (c.rank() + 1) % n;
        int prev = (c.rank() - 1 + n) % n;
        ByteBuffer block = Payload.make(c.rank(), 0, 4);
        List<byte[]> seen = new ArrayList<>();
        for (int hop = 0; hop < n - 1; hop++) {
          Tag tag = new Tag("ring", 2, 5, hop);
          CompletableFuture<ByteBuffer> in = c.receiveAsync(tag, prev);
          CompletableFuture<Void> out = c.sendAsync(tag, next, block);
          block = in.join();
          out.join();
          seen.add(Payload.bytes(block));
        }
        return seen;
      });
      for (int me = 0; me < n; me++) {
        for (int hop = 0; hop < n - 1; hop++) {
          int origin = ((me - hop - 1) % n + n) % n;
          assertThat(results.get(me).get(hop)).isEqualTo(Payload.bytes(Payload.make(origin, 0, 4)));
        }
      }
    } finally {
      comms.forEach(Communicator::close);
    }
  }

  @ParameterizedTest(name = "{0} world {1}")
  @MethodSource("matrix")
  void floatsTravelAsLittleEndianAndBarrierReleasesEveryone(Backend backend, int n) throws Exception {
    List<Communicator> comms = open(backend, n);
    try {
      List<float[]> results = Ranks.run(comms, c -> {
        ByteBuffer mine = ByteBuffer.allocateDirect(4 * 3).order(ByteOrder.LITTLE_ENDIAN);
        mine.putFloat(c.rank()).putFloat(-0.5f * c.rank()).putFloat(Float.NaN).flip();
        ByteBuffer[] parts = c.allGatherAsync(Tag.of("floats"), mine).join();
        c.barrierAsync(Tag.of("barrier")).join();
        float[] flat = new float[3 * n];
        for (int r = 0; r < n; r++) {
          parts[r].asFloatBuffer().get(flat, 3 * r, 3);
        }
        return flat;
      });
      for (float[] flat : results) {
        for (int r = 0; r < n; r++) {
          assertThat(flat[3 * r]).isEqualTo((float) r);
          assertThat(flat[3 * r + 1]).isEqualTo(-0.5f * r);
          assertThat(flat[3 * r + 2]).isNaN();
        }
      }
    } finally {
      comms.forEach(Communicator::close);
    }
  }

  @ParameterizedTest(name = "{0} world {1}")
  @MethodSource("matrix")
  void asyncOperationsIssuedInDifferentOrdersMatchByTag(Backend backend, int n) throws Exception {
    List<Communicator> comms = open(backend, n);
    try {
      int layers = 4;
      List<List<byte[]>> results = Ranks.run(comms, c -> {
        // Odd ranks issue the layers' gathers in reverse order, and compute between issue and wait.
        List<CompletableFuture<ByteBuffer[]>> pending = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
          pending.add(null);
        }
        double sink = 0;
        for (int k = 0; k < layers; k++) {
          int layer = c.rank() % 2 == 0 ? k : layers - 1 - k;
          pending.set(layer, c.allGatherAsync(new Tag("kv", layer, 0, 0), Payload.make(c.rank(), layer, 5)));
          for (int i = 0; i < 20_000; i++) {
            sink += Math.sqrt(i + layer);
          }
        }
        assertThat(sink).isPositive();
        List<byte[]> flat = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
          ByteBuffer[] parts = pending.get(layer).join();
          for (ByteBuffer p : parts) {
            flat.add(Payload.bytes(p));
          }
        }
        return flat;
      });
      for (List<byte[]> flat : results) {
        for (int layer = 0; layer < layers; layer++) {
          for (int r = 0; r < n; r++) {
            assertThat(flat.get(layer * n + r)).isEqualTo(Payload.bytes(Payload.make(r, layer, 5)));
          }
        }
      }
    } finally {
      comms.forEach(Communicator::close);
    }
  }

  @ParameterizedTest(name = "{0} world {1}")
  @MethodSource("matrix")
  void subGroupsOfAHybridPlanWorkSideBySideWithEqualTags(Backend backend, int n) throws Exception {
    List<Communicator> comms = open(backend, n);
    try {
      // Hybrid layout: "ulysses" groups of consecutive ranks of size u; "ring" groups across them.
      int u = n % 2 == 0 ? 2 : 1;
      List<byte[][][]> results = Ranks.run(comms, c -> {
        int me = c.rank();
        int[] ulysses = IntStream.range(0, u).map(i -> (me / u) * u + i).toArray();
        int[] ring = IntStream.range(0, n / u).map(i -> i * u + me % u).toArray();
        Communicator ug = c.subGroup("ulysses", ulysses);
        Communicator rg = c.subGroup("ring", ring);
        Tag tag = Tag.of("same");
        CompletableFuture<ByteBuffer[]> a = ug.allGatherAsync(tag, Payload.make(me, 0, 6));
        CompletableFuture<ByteBuffer[]> b = rg.allGatherAsync(tag, Payload.make(me, 1, 6));
        return new byte[][][] {bytesOf(a.join()), bytesOf(b.join()),
            {{(byte) ug.rank(), (byte) ug.worldSize(), (byte) rg.rank(), (byte) rg.worldSize()}}};
      });
      for (int me = 0; me < n; me++) {
        byte[][][] got = results.get(me);
        for (int i = 0; i < u; i++) {
          assertThat(got[0][i]).isEqualTo(Payload.bytes(Payload.make((me / u) * u + i, 0, 6)));
        }
        for (int i = 0; i < n / u; i++) {
          assertThat(got[1][i]).isEqualTo(Payload.bytes(Payload.make(i * u + me % u, 1, 6)));
        }
        assertThat(got[2][0]).containsExactly(me % u, u, me / u, n / u);
      }
    } finally {
      comms.forEach(Communicator::close);
    }
  }

  private static byte[][] bytesOf(ByteBuffer[] parts) {
    byte[][] out = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Payload.bytes(parts[i]);
    }
    return out;
  }
}
