package dev.compactfusion.codec.residual;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 24-byte little-endian header every residual payload starts with: magic 0xCF, version,
 * kind (0 raw fp32, 1 compressed), codec id, tokens, channels, step, codec parameter, CRC32C of
 * the body.
 */
public record PayloadHeader(int version, int kind, int codecId, int tokens, int channels, int step, int param, int crc) {

  public static final int BYTES = 24;
  public static final int MAGIC = 0xCF;
  public static final int VERSION = 1;
  public static final int RAW = 0;
  public static final int COMPRESSED = 1;

  void write(byte[] out) {
    ByteBuffer b = ByteBuffer.wrap(out, 0, BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) MAGIC).put((byte) version).put((byte) kind).put((byte) codecId);
    b.putInt(tokens).putInt(channels).putInt(step).putInt(param).putInt(crc);
  }

  /** Reads a header; the caller has checked at least {@link #BYTES} bytes are there. */
  static PayloadHeader read(byte[] in, int off, StreamKey key) {
    ByteBuffer b = ByteBuffer.wrap(in, off, BYTES).order(ByteOrder.LITTLE_ENDIAN);
    int magic = b.get() & 0xff;
    if (magic != MAGIC) {
      throw new CorruptPayloadException(key, String.format("bad magic byte 0x%02x (expected 0x%02x): not a residual payload", magic, MAGIC));
    }
    int version = b.get() & 0xff;
    if (version != VERSION) {
      throw new CorruptPayloadException(key, "payload format version " + version + ", this build reads version " + VERSION);
    }
    return new PayloadHeader(version, b.get() & 0xff, b.get() & 0xff, b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt());
  }
}
