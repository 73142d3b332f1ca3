package dev.compactfusion.models.safetensors;

import dev.compactfusion.codec.Half;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Element types this project reads; BF16 and F16 are widened to fp32 in Java (DJL aborts on BF16). */
public enum DType {
  F32(4),
  F16(2),
  BF16(2);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }

  /** {@code count} values of this dtype from a little-endian buffer at its position 0, widened to fp32. */
  float[] widen(ByteBuffer littleEndian, int count) {
    float[] out = new float[count];
    switch (this) {
      case F32 -> littleEndian.asFloatBuffer().get(out);
      case F16 -> {
        for (int i = 0; i < count; i++) {
          out[i] = Half.toFloat(littleEndian.getShort(2 * i));
        }
      }
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          out[i] = Half.bf16ToFloat(littleEndian.getShort(2 * i));
        }
      }
    }
    return out;
  }

  /** The dtype named in a safetensors header, or null when this reader does not know it. */
  static DType fromHeader(String name) {
    return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst().orElse(null);
  }
}
