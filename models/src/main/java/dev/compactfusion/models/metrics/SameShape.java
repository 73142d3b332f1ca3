package dev.compactfusion.models.metrics;

import dev.compactfusion.models.media.Frames;

/** Metrics compare pixel by pixel, so both sides must have the same frames, height and width. */
final class SameShape {
  private SameShape() {}

  static void require(Frames a, Frames b) {
    if (a.frames() != b.frames() || a.height() != b.height() || a.width() != b.width()) {
      throw new IllegalArgumentException("cannot compare " + describe(a) + " with " + describe(b)
          + ": both must have the same number of frames and the same size");
    }
  }

  static String describe(Frames f) {
    return (f.isVideo() ? "a video of " + f.frames() + " frames of " : "an image of ")
        + f.width() + "x" + f.height();
  }
}
