package dev.compactfusion.models.safetensors;

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

  /** The dtype named in a safetensors header, or null when this reader does not know it. */
  static DType fromHeader(String name) {
    return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst().orElse(null);
  }
}
