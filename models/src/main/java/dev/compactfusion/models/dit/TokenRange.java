package dev.compactfusion.models.dit;

/**
 * A contiguous range [start, end) of the global token sequence, ordered (frame, row, col). A
 * worker owns one; ranges of different workers may differ in length.
 */
public record TokenRange(int start, int end) {
  public TokenRange {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("token range [" + start + ", " + end + ") is invalid");
    }
  }

  public int length() {
    return end - start;
  }

  /** The i-th of {@code parts} near-equal contiguous ranges of {@code total} tokens (first ones longer). */
  public static TokenRange split(int total, int parts, int i) {
    if (parts < 1 || i < 0 || i >= parts) {
      throw new IllegalArgumentException("part " + i + " of " + parts + " does not exist");
    }
    int base = total / parts;
    int extra = total % parts;
    int start = i * base + Math.min(i, extra);
    return new TokenRange(start, start + base + (i < extra ? 1 : 0));
  }
}
