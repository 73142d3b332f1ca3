package dev.compactfusion.engine.exchange;

import dev.compactfusion.codec.residual.CorruptPayloadException;
import dev.compactfusion.codec.residual.StreamKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Matrices travel as their fp32 bytes. */
final class RawWire implements MatrixWire {

  @Override
  public ByteBuffer encode(StreamKey key, int step, ByteBuffer matrix, int tokens, int channels) {
    return matrix.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public ByteBuffer decode(StreamKey key, int step, ByteBuffer payload, int tokens, int channels) {
    long expected = (long) tokens * channels * Float.BYTES;
    if (payload.remaining() != expected) {
      throw new CorruptPayloadException(key, "raw fp32 payload of " + payload.remaining()
          + " bytes, expected " + expected + " for " + tokens + " x " + channels);
    }
    return payload.slice().order(ByteOrder.LITTLE_ENDIAN);
  }
}
