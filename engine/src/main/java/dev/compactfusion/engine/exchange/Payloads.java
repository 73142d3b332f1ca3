package dev.compactfusion.engine.exchange;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Several payloads in one message (e.g. the K and V of one worker): each part preceded by its
 * length, so parts of any codec size travel together and split apart exactly.
 */
final class Payloads {
  private Payloads() {}

  static ByteBuffer pack(ByteBuffer... parts) {
    int size = 0;
    for (ByteBuffer p : parts) {
      size += Integer.BYTES + p.remaining();
    }
    ByteBuffer out = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
    for (ByteBuffer p : parts) {
      out.putInt(p.remaining()).put(p.duplicate());
    }
    return out.flip();
  }

  /**
   * @param from names the sender in the error when the message does not split into {@code count}
   */
  static ByteBuffer[] unpack(ByteBuffer packed, int count, String from) {
    ByteBuffer in = packed.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer[] parts = new ByteBuffer[count];
    for (int i = 0; i < count; i++) {
      if (in.remaining() < Integer.BYTES) {
        throw new IllegalStateException("message from " + from + " ends before part " + (i + 1) + " of " + count);
      }
      int length = in.getInt();
      if (length < 0 || length > in.remaining()) {
        throw new IllegalStateException("message from " + from + " announces a part of " + length
            + " bytes with " + in.remaining() + " left");
      }
      parts[i] = in.slice().limit(length).order(ByteOrder.LITTLE_ENDIAN);
      in.position(in.position() + length);
    }
    if (in.hasRemaining()) {
      throw new IllegalStateException("message from " + from + " has " + in.remaining() + " bytes after its " + count + " parts");
    }
    return parts;
  }
}
