package dev.compactfusion.models.classify;

import java.util.Arrays;

/**
 * Shape of a classifier: input channels (3 per frame: a clip's frames are stacked as channels, so
 * the first layer sees motion), square input size, and the class count of each head (colour,
 * shape[, motion]).
 */
public record ClassifierSpec(int channels, int size, int[] heads) {
  public ClassifierSpec {
    heads = heads.clone();
    if (channels < 1 || channels % 3 != 0) {
      throw new IllegalArgumentException("classifier input channels must be a positive multiple of 3, got "
          + channels);
    }
    if (size < 8 || size % 8 != 0) {
      throw new IllegalArgumentException("classifier input size must be a multiple of 8, got " + size);
    }
    if (heads.length == 0 || Arrays.stream(heads).anyMatch(h -> h < 2)) {
      throw new IllegalArgumentException("classifier heads need at least 2 classes each, got "
          + Arrays.toString(heads));
    }
  }

  @Override
  public int[] heads() {
    return heads.clone();
  }

  public int frames() {
    return channels / 3;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassifierSpec s && s.channels == channels && s.size == size
        && Arrays.equals(s.heads, heads);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * channels + size) + Arrays.hashCode(heads);
  }

  @Override
  public String toString() {
    return "ClassifierSpec[channels=" + channels + ", size=" + size + ", heads="
        + Arrays.toString(heads) + "]";
  }
}
