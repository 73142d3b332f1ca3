package dev.compactfusion.comms.transport.mesh;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Copies that hand a receiver its own buffer: position 0, little-endian, direct if the source was. */
public final class Payloads {
  private Payloads() {}

  public static ByteBuffer copy(ByteBuffer source) {
    ByteBuffer src = source.duplicate();
    ByteBuffer out = src.isDirect() ? ByteBuffer.allocateDirect(src.remaining()) : ByteBuffer.allocate(src.remaining());
    out.put(src).flip();
    return out.order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A view of the caller's own bytes, position 0, little-endian; no copy. */
  public static ByteBuffer view(ByteBuffer source) {
    return source.slice().order(ByteOrder.LITTLE_ENDIAN);
  }
}
