package dev.compactfusion.codec;

/**
 * One codec instance for one stream and one fixed shape (tokens x channels). Instances keep
 * scratch buffers and, for lowrank, the warm-start basis, so they are not shared between streams
 * or threads. Bodies are little-endian and exactly {@link #bodyBytes()} long.
 */
public interface Codec {

  CodecSpec spec();

  int tokens();

  int channels();

  int bodyBytes();

  /** Compresses {@code values} (tokens x channels, row-major, not modified) into out[off..). */
  void encode(float[] values, byte[] out, int off);

  /**
   * Adds the reconstruction D(body) to {@code target}. Sender and receivers both call this, so
   * their bases stay bit-identical.
   *
   * @throws MalformedBodyException when the body's content cannot be a payload of this codec
   */
  void decodeAdd(byte[] in, int off, float[] target);

  /** Bytes of state that persist between calls (the lowrank warm-start basis), not scratch. */
  long stateBytes();
}
