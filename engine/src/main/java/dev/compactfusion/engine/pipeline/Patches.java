package dev.compactfusion.engine.pipeline;

import dev.compactfusion.models.dit.TokenRange;

/**
 * The token sequence cut into patches (contiguous, the first {@code tokens % count} one token
 * longer). A step sends either one patch at a time or, synchronous, all of them in one chunk.
 */
record Patches(TokenRange[] ranges) {

  static Patches split(int tokens, int count) {
    if (count < 1 || count > tokens) {
      throw new IllegalArgumentException(count + " patches of " + tokens + " tokens: use 1 to " + tokens);
    }
    TokenRange[] ranges = new TokenRange[count];
    for (int p = 0; p < count; p++) {
      ranges[p] = TokenRange.split(tokens, count, p);
    }
    return new Patches(ranges);
  }

  int count() {
    return ranges.length;
  }

  TokenRange get(int p) {
    return ranges[p];
  }

  TokenRange all() {
    return new TokenRange(0, ranges[ranges.length - 1].end());
  }

  /** The first patch of a chunk that starts at a patch boundary. */
  int first(TokenRange chunk) {
    for (int p = 0; p < ranges.length; p++) {
      if (ranges[p].start() == chunk.start()) {
        return p;
      }
    }
    throw new IllegalArgumentException("tokens [" + chunk.start() + ", " + chunk.end() + ") do not start a patch");
  }

  /** The patch after the last one of a chunk that ends at a patch boundary. */
  int end(TokenRange chunk) {
    for (int p = 0; p < ranges.length; p++) {
      if (ranges[p].end() == chunk.end()) {
        return p + 1;
      }
    }
    throw new IllegalArgumentException("tokens [" + chunk.start() + ", " + chunk.end() + ") do not end a patch");
  }
}
