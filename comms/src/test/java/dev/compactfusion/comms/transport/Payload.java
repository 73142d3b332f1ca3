package dev.compactfusion.comms.transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Deterministic test payloads: every (source, destination, salt) has its own bytes and size. */
public final class Payload {
  private Payload() {}

  /** Uneven sizes, with zero-length parts: source 0 always sends nothing to destination 0. */
  public static int size(int source, int destination, int salt) {
    return ((source * 7 + destination * 3 + salt) % 5) * 12;
  }

  public static ByteBuffer make(int source, int destination, int salt) {
    int n = size(source, destination, salt);
    ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.put((byte) (source * 31 + destination * 17 + salt * 13 + i));
    }
    return b.flip();
  }

  public static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
