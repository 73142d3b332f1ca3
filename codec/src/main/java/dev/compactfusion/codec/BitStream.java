package dev.compactfusion.codec;

/**
 * Writes runs of bits LSB first into a byte array, 64 at a time as little-endian longs: the sign
 * and magnitude bit planes of 1bit/2bit, where one vector compare yields a run of lane-count bits
 * that need not start on a byte (rows of odd length).
 */
final class BitStream {
  private final byte[] out;
  private int pos;
  private long word;
  private int filled;

  BitStream(byte[] out, int off) {
    this.out = out;
    this.pos = off;
  }

  /** Appends the low {@code count} (at most 32) bits of {@code bits}; higher bits must be zero. */
  void append(int bits, int count) {
    long b = bits & 0xffffffffL;
    word |= b << filled;
    filled += count;
    if (filled >= 64) {
      LittleEndian.putLong(out, pos, word);
      pos += 8;
      filled -= 64;
      word = b >>> (count - filled);
    }
  }

  /** Writes the last partial word's whole bytes; the unused bits of the last byte are zero. */
  void finish() {
    for (int k = 0; k < filled; k += 8) {
      out[pos++] = (byte) (word >>> k);
    }
    word = 0;
    filled = 0;
  }
}
