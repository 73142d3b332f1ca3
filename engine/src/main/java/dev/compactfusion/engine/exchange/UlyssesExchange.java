package dev.compactfusion.engine.exchange;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.codec.residual.StreamKey;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.models.dit.TokenRange;
import java.nio.ByteBuffer;

/**
 * Ulysses (DeepSpeed) sequence parallelism: an all-to-all turns the sequence split of Q,K,V into
 * a head split (member j gets every token of the group for its heads), the inner exchange
 * attends over those tokens, and a second all-to-all returns the output to the sequence split.
 * Heads split into near-equal contiguous ranges (the first members take one more when the count
 * does not divide); fewer heads than members is an error. Compressed, every (tensor, sender,
 * receiver) pair is its own stream; a worker's share for itself never leaves it and stays exact.
 */
final class UlyssesExchange implements HeadExchange {
  private static final String[] QKV = {"q", "k", "v"};

  private final Communicator group;
  private final int[] tokens;
  private final int[] streamRanks;
  private final MatrixWire wire;
  private final Meter meter;
  private final HeadExchange inner;

  /**
   * @param tokens the tokens each member holds
   * @param streamRanks the rank each member has in stream keys (its rank in the exchange's group)
   * @param inner attention over the gathered tokens for this member's heads
   */
  UlyssesExchange(Communicator group, int[] tokens, int[] streamRanks, MatrixWire wire, Meter meter, HeadExchange inner) {
    if (tokens.length != group.worldSize() || streamRanks.length != group.worldSize()) {
      throw new IllegalArgumentException("a ulysses group of " + group.worldSize() + " needs as many token counts, got "
          + tokens.length + " and " + streamRanks.length + " stream ranks");
    }
    this.group = group;
    this.tokens = tokens.clone();
    this.streamRanks = streamRanks.clone();
    this.wire = wire;
    this.meter = meter;
    this.inner = inner;
  }

  static void checkHeads(int heads, int degree) {
    if (heads < degree) {
      throw new IllegalArgumentException("ulysses over " + degree + " workers needs at least " + degree
          + " attention heads, the model has " + heads + "; use ring, or usp with a ulysses degree of at most " + heads);
    }
  }

  @Override
  public NDArray attend(NDArray q, NDArray k, NDArray v, int layer, int step, NDManager scope) {
    int size = group.worldSize();
    int me = group.rank();
    Shape shape = q.getShape();
    long batch = shape.get(0);
    int heads = Math.toIntExact(shape.get(1));
    long headDim = shape.get(3);
    checkHeads(heads, size);
    int mine = tokens[me];
    NDArray[] local = {q, k, v};

    // Sequence split -> head split.
    ByteBuffer[] outgoing = new ByteBuffer[size];
    ByteBuffer[] ownShare = new ByteBuffer[3];
    for (int j = 0; j < size; j++) {
      TokenRange h = TokenRange.split(heads, size, j);
      int channels = Math.toIntExact(batch * h.length() * headDim);
      ByteBuffer[] parts = new ByteBuffer[3];
      for (int t = 0; t < 3; t++) {
        ByteBuffer matrix = TensorBytes.matrixBytes(local[t].get(headSlice(h)));
        parts[t] = j == me ? matrix : wire.encode(key(layer, QKV[t], me, j), step, matrix, mine, channels);
      }
      if (j == me) {
        ownShare = parts;
        outgoing[j] = empty();
      } else {
        outgoing[j] = Payloads.pack(parts);
        meter.addRaw(3L * mine * channels * Float.BYTES);
      }
    }
    ByteBuffer[] incoming = Waits.await(group.allToAllAsync(new Tag("ulysses-qkv", layer, step, 0), outgoing), group,
        () -> "the ulysses q/k/v all-to-all of layer " + layer);

    TokenRange myHeads = TokenRange.split(heads, size, me);
    int myChannels = Math.toIntExact(batch * myHeads.length() * headDim);
    NDList[] gathered = {new NDList(), new NDList(), new NDList()};
    for (int r = 0; r < size; r++) {
      ByteBuffer[] parts = r == me ? ownShare
          : Payloads.unpack(incoming[r], 3, "worker " + streamRanks[r] + " (ulysses-qkv, layer " + layer + ", step " + step + ")");
      for (int t = 0; t < 3; t++) {
        ByteBuffer matrix = r == me ? parts[t] : wire.decode(key(layer, QKV[t], r, me), step, parts[t], tokens[r], myChannels);
        gathered[t].add(TensorBytes.fromMatrixBytes(scope, matrix, tokens[r], batch, myHeads.length(), headDim));
      }
    }
    NDArray out = inner.attend(NDArrays.concat(gathered[0], 2), NDArrays.concat(gathered[1], 2),
        NDArrays.concat(gathered[2], 2), layer, step, scope);

    // Head split -> sequence split.
    ByteBuffer ownOut = null;
    int offset = 0;
    for (int r = 0; r < size; r++) {
      ByteBuffer matrix = TensorBytes.matrixBytes(out.get(tokenSlice(offset, offset + tokens[r])));
      offset += tokens[r];
      if (r == me) {
        ownOut = matrix;
        outgoing[r] = empty();
      } else {
        outgoing[r] = wire.encode(key(layer, "out", me, r), step, matrix, tokens[r], myChannels);
        meter.addRaw((long) tokens[r] * myChannels * Float.BYTES);
      }
    }
    incoming = Waits.await(group.allToAllAsync(new Tag("ulysses-out", layer, step, 0), outgoing), group,
        () -> "the ulysses output all-to-all of layer " + layer);
    NDList byHeads = new NDList();
    for (int j = 0; j < size; j++) {
      TokenRange h = TokenRange.split(heads, size, j);
      int channels = Math.toIntExact(batch * h.length() * headDim);
      ByteBuffer matrix = j == me ? ownOut : wire.decode(key(layer, "out", j, me), step, incoming[j], mine, channels);
      byHeads.add(TensorBytes.fromMatrixBytes(scope, matrix, mine, batch, h.length(), headDim));
    }
    return NDArrays.concat(byHeads, 1);
  }

  private StreamKey key(int layer, String tensor, int from, int to) {
    return new StreamKey(layer, tensor, streamRanks[from], streamRanks[to]);
  }

  private static NDIndex headSlice(TokenRange h) {
    return new NDIndex().addAllDim().addSliceDim(h.start(), h.end());
  }

  private static NDIndex tokenSlice(long from, long to) {
    return new NDIndex().addAllDim(2).addSliceDim(from, to);
  }

  private static ByteBuffer empty() {
    return ByteBuffer.allocateDirect(0);
  }
}
