package dev.compactfusion.engine.exchange;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Moves float32 tensors between DJL and the byte buffers the communicator and the codecs use
 * (direct, little-endian), and between the attention layout [batch, heads, tokens, headDim] and
 * the codec layout: a tokens × channels matrix with channels = batch·heads·headDim
 * (token-major, so the rows of several workers concatenate into one matrix).
 */
public final class TensorBytes {
  private TensorBytes() {}

  public static ByteBuffer allocate(long floats) {
    return ByteBuffer.allocateDirect(Math.toIntExact(floats * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A fresh copy of {@code a}'s values (float32) in a direct little-endian buffer, position 0. */
  public static ByteBuffer toBytes(NDArray a) {
    if (a.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException("expected a float32 tensor, got " + a.getDataType());
    }
    ByteBuffer copy = allocate(a.size());
    copy.put(a.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
    return copy.flip().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * A float32 tensor of {@code shape} over the buffer's bytes from its position. A direct buffer
   * is aliased, not copied (the tensor keeps it reachable), so it must not change afterwards.
   */
  public static NDArray fromBytes(NDManager manager, ByteBuffer bytes, Shape shape) {
    long need = shape.size() * Float.BYTES;
    if (bytes.remaining() != need) {
      throw new IllegalArgumentException(
          bytes.remaining() + " bytes do not hold a float32 tensor of shape " + shape + " (" + need + " bytes)");
    }
    ByteBuffer view = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    return manager.create(view, shape, DataType.FLOAT32);
  }

  /** [batch, heads, tokens, headDim] → [tokens, batch·heads·headDim]. */
  public static NDArray tokenMajor(NDArray x) {
    Shape s = x.getShape();
    requireRank4(s);
    return x.transpose(2, 0, 1, 3).reshape(s.get(2), s.get(0) * s.get(1) * s.get(3));
  }

  /** [tokens, batch·heads·headDim] → [batch, heads, tokens, headDim]. */
  public static NDArray headMajor(NDArray m, long batch, long heads, long headDim) {
    long tokens = m.getShape().get(0);
    return m.reshape(tokens, batch, heads, headDim).transpose(1, 2, 0, 3);
  }

  /** The codec matrix of {@code x} [batch, heads, tokens, headDim] as bytes. */
  public static ByteBuffer matrixBytes(NDArray x) {
    try (NDArray m = tokenMajor(x)) {
      return toBytes(m);
    }
  }

  /** A [batch, heads, tokens, headDim] tensor over the codec-matrix bytes of {@code tokens} rows. */
  public static NDArray fromMatrixBytes(NDManager manager, ByteBuffer bytes, long tokens, long batch, long heads, long headDim) {
    return fromBytes(manager, bytes, new Shape(tokens, batch, heads, headDim)).transpose(1, 2, 0, 3);
  }

  private static void requireRank4(Shape s) {
    if (s.dimension() != 4) {
      throw new IllegalArgumentException("expected [batch, heads, tokens, headDim], got shape " + s);
    }
  }
}
