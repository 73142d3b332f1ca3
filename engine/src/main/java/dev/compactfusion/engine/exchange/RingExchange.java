package dev.compactfusion.engine.exchange;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.codec.residual.StreamKey;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.comms.transport.Tag;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Ring attention: K,V blocks travel N−1 hops round the ring (to rank+1, from rank−1) while each
 * worker attends over the block it holds; partial results merge by log-sum-exp, so the result is
 * exact. Each hop's send and receive are posted before the current block is computed, so the
 * transfer overlaps with that compute. A block is encoded once by its origin and forwarded
 * unchanged; every receiver decodes each origin's payload once per layer-step with that
 * origin's stream.
 */
final class RingExchange implements HeadExchange {
  private final Communicator ring;
  private final int[] blockTokens;
  private final int[] streamRanks;
  private final MatrixWire wire;
  private final Meter meter;

  /**
   * @param blockTokens tokens of the block each ring member starts with
   * @param streamRanks the rank each ring member has in stream keys (its rank in the exchange's group)
   */
  RingExchange(Communicator ring, int[] blockTokens, int[] streamRanks, MatrixWire wire, Meter meter) {
    if (blockTokens.length != ring.worldSize() || streamRanks.length != ring.worldSize()) {
      throw new IllegalArgumentException("a ring of " + ring.worldSize() + " needs as many blocks, got "
          + blockTokens.length + " and " + streamRanks.length + " stream ranks");
    }
    this.ring = ring;
    this.blockTokens = blockTokens.clone();
    this.streamRanks = streamRanks.clone();
    this.wire = wire;
    this.meter = meter;
  }

  @Override
  public NDArray attend(NDArray q, NDArray k, NDArray v, int layer, int step, NDManager scope) {
    int size = ring.worldSize();
    int me = ring.rank();
    Shape shape = k.getShape();
    int channels = Math.toIntExact(shape.get(0) * shape.get(1) * shape.get(3));
    ByteBuffer message = Payloads.pack(
        wire.encode(key(layer, "k", me), step, TensorBytes.matrixBytes(k), blockTokens[me], channels),
        wire.encode(key(layer, "v", me), step, TensorBytes.matrixBytes(v), blockTokens[me], channels));

    List<CompletableFuture<Void>> sends = new ArrayList<>();
    BlockAttention.Partial merged = null;
    NDArray blockK = k;
    NDArray blockV = v;
    int origin = me;
    for (int hop = 0; hop < size; hop++) {
      CompletableFuture<ByteBuffer> next = null;
      if (hop < size - 1) {
        Tag tag = new Tag("ring-kv", layer, step, hop);
        sends.add(ring.sendAsync(tag, (me + 1) % size, message.duplicate()));
        next = ring.receiveAsync(tag, (me - 1 + size) % size);
        meter.addRaw(2L * blockTokens[origin] * channels * Float.BYTES);
      }
      if (blockTokens[origin] > 0) {
        BlockAttention.Partial partial = BlockAttention.partial(q, blockK, blockV);
        merged = merged == null ? partial : BlockAttention.merge(merged, partial);
      }
      if (next != null) {
        int thisHop = hop;
        message = Waits.await(next, ring, () -> "ring hop " + thisHop + " of layer " + layer);
        origin = (origin - 1 + size) % size;
        ByteBuffer[] parts = Payloads.unpack(message, 2,
            "worker " + streamRanks[origin] + " (ring-kv, layer " + layer + ", step " + step + ")");
        int t = blockTokens[origin];
        blockK = TensorBytes.fromMatrixBytes(scope,
            wire.decode(key(layer, "k", origin), step, parts[0], t, channels), t, shape.get(0), shape.get(1), shape.get(3));
        blockV = TensorBytes.fromMatrixBytes(scope,
            wire.decode(key(layer, "v", origin), step, parts[1], t, channels), t, shape.get(0), shape.get(1), shape.get(3));
      }
    }
    sends.forEach(sent -> Waits.await(sent, ring, () -> "a ring send of layer " + layer));
    if (merged == null) {
      throw new IllegalStateException("ring of " + size + " holds no tokens at layer " + layer);
    }
    return merged.out();
  }

  private StreamKey key(int layer, String tensor, int ringMember) {
    return new StreamKey(layer, tensor, streamRanks[ringMember], -1);
  }
}
