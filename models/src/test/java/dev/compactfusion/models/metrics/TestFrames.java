package dev.compactfusion.models.metrics;

import dev.compactfusion.models.media.Frames;
import java.util.Random;

/** Small deterministic inputs for the metric tests. */
final class TestFrames {
  private TestFrames() {}

  /** Values k/64 in [0.25, 0.75]: exact in float, with room for a ±1/8 offset. */
  static Frames pattern(int frames, int height, int width, long seed) {
    Random random = new Random(seed);
    float[] rgb = new float[frames * height * width * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (16 + random.nextInt(33)) / 64f;
    }
    return new Frames(frames, height, width, rgb);
  }

  static Frames offset(Frames f, float delta) {
    float[] rgb = f.rgb().clone();
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] += delta;
    }
    return new Frames(f.frames(), f.height(), f.width(), rgb);
  }

  static Frames signNoise(Frames f, float delta, long seed) {
    Random random = new Random(seed);
    float[] rgb = f.rgb().clone();
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] += random.nextBoolean() ? delta : -delta;
    }
    return new Frames(f.frames(), f.height(), f.width(), rgb);
  }

  static Frames constant(int height, int width, float value) {
    float[] rgb = new float[height * width * 3];
    java.util.Arrays.fill(rgb, value);
    return new Frames(1, height, width, rgb);
  }
}
