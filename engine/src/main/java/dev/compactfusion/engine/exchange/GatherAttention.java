package dev.compactfusion.engine.exchange;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.codec.residual.StreamKey;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.models.dit.AttentionInput;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * All-gather of every worker's K,V; the local queries attend over the concatenation (own K,V
 * exact, the others' as received). The first {@code syncSteps} steps wait for the gather of the
 * same step (patch waits always). Later steps use the others' K,V of the previous step and
 * launch this step's gather without waiting: it is consumed by the same layer one step later,
 * so it overlaps with the rest of the step's compute (distrifusion; compact-async when the
 * wire compresses). A layer's payloads are decoded exactly once, in step order.
 */
final class GatherAttention extends ScopedAttention {
  private record InFlight(int step, CompletableFuture<ByteBuffer[]> messages) {}

  private final Communicator group;
  private final int[] tokens;
  private final MatrixWire wire;
  private final int syncSteps;
  private final Map<Integer, InFlight> pending = new HashMap<>();
  /** Per layer: the last decoded K and V matrices of every member (null for this worker). */
  private final Map<Integer, ByteBuffer[][]> stale = new HashMap<>();

  GatherAttention(ExchangeContext ctx, MatrixWire wire, Meter meter, int syncSteps) {
    super(meter, ctx.own());
    this.group = ctx.group();
    this.tokens = ctx.tokenCounts();
    this.wire = wire;
    this.syncSteps = syncSteps;
  }

  @Override
  protected NDArray compute(AttentionInput in, NDManager scope) {
    NDArray q = in.q();
    NDArray k = in.k();
    NDArray v = in.v();
    Shape shape = k.getShape();
    int channels = Math.toIntExact(shape.get(0) * shape.get(1) * shape.get(3));
    int me = group.rank();
    int layer = in.layer();
    int step = in.step();

    ByteBuffer message = Payloads.pack(
        wire.encode(new StreamKey(layer, "k", me, -1), step, TensorBytes.matrixBytes(k), tokens[me], channels),
        wire.encode(new StreamKey(layer, "v", me, -1), step, TensorBytes.matrixBytes(v), tokens[me], channels));
    meter.addRaw(2L * tokens[me] * channels * Float.BYTES * (group.worldSize() - 1));
    Tag tag = new Tag("kv", layer, step, 0);

    ByteBuffer[][] remote;
    if (step < syncSteps) {
      remote = decode(Waits.await(group.allGatherAsync(tag, message), group,
          () -> "the k/v all-gather of layer " + layer), layer, step, channels);
      if (step == syncSteps - 1) {
        stale.put(layer, remote);
      }
    } else {
      InFlight previous = pending.remove(layer);
      if (previous != null) {
        stale.put(layer, decode(Waits.await(previous.messages(), group, () -> "the stale all-gather of layer " + layer),
            layer, previous.step(), channels));
      }
      remote = stale.get(layer);
      if (remote == null) {
        throw new IllegalStateException("layer " + layer + " has no K,V of an earlier step to use at step " + step
            + ": the first " + syncSteps + " steps must run synchronously");
      }
      pending.put(layer, new InFlight(step, group.allGatherAsync(tag, message)));
    }

    NDList keys = new NDList();
    NDList values = new NDList();
    for (int r = 0; r < tokens.length; r++) {
      if (r == me) {
        keys.add(k);
        values.add(v);
      } else if (tokens[r] > 0) {
        keys.add(TensorBytes.fromMatrixBytes(scope, remote[r][0], tokens[r], shape.get(0), shape.get(1), shape.get(3)));
        values.add(TensorBytes.fromMatrixBytes(scope, remote[r][1], tokens[r], shape.get(0), shape.get(1), shape.get(3)));
      }
    }
    return BlockAttention.attend(q, NDArrays.concat(keys, 2), NDArrays.concat(values, 2));
  }

  private ByteBuffer[][] decode(ByteBuffer[] messages, int layer, int step, int channels) {
    ByteBuffer[][] remote = new ByteBuffer[tokens.length][];
    for (int r = 0; r < tokens.length; r++) {
      if (r == group.rank()) {
        continue;
      }
      ByteBuffer[] parts = Payloads.unpack(messages[r], 2, "worker " + r + " (kv, layer " + layer + ", step " + step + ")");
      remote[r] = new ByteBuffer[] {
          wire.decode(new StreamKey(layer, "k", r, -1), step, parts[0], tokens[r], channels),
          wire.decode(new StreamKey(layer, "v", r, -1), step, parts[1], tokens[r], channels)};
    }
    return remote;
  }

  /**
   * Waits for the gathers launched at the last step, which nothing consumes, so that no send is
   * cut off when the run closes its communicator. Their failures no longer matter to any output.
   */
  @Override
  public void close() {
    for (InFlight flight : pending.values()) {
      try {
        Waits.await(flight.messages(), group, "a last all-gather");
      } catch (RuntimeException ignored) {
        // The output of the generation did not depend on this exchange.
      }
    }
    pending.clear();
  }
}
