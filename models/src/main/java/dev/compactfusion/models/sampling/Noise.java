package dev.compactfusion.models.sampling;

import java.util.SplittableRandom;

/**
 * Initial noise drawn in Java from the seed (never from DJL's RNG), so every worker of a run draws
 * the bit-identical full sequence and keeps its own slice, on any machine.
 */
public final class Noise {
  private Noise() {}

  /** {@code count} standard normal values (Box–Muller over SplittableRandom(seed)). */
  public static float[] gaussian(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[count];
    for (int i = 0; i < count; i += 2) {
      double u1 = 1.0 - random.nextDouble(); // (0, 1]: log stays finite
      double u2 = random.nextDouble();
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      out[i] = (float) (r * StrictMath.cos(2 * Math.PI * u2));
      if (i + 1 < count) {
        out[i + 1] = (float) (r * StrictMath.sin(2 * Math.PI * u2));
      }
    }
    return out;
  }
}
