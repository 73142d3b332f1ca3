package dev.compactfusion.models.data;

import java.util.SplittableRandom;

/**
 * Random streams derived from (seed, index), so that sample {@code i} of a data set is the same
 * whatever was drawn before it: training can start, stop and resume anywhere.
 */
public final class Seeds {
  private Seeds() {}

  /** A generator for item {@code index} of the stream named by {@code seed} and {@code salt}. */
  public static SplittableRandom at(long seed, long salt, long index) {
    return new SplittableRandom(mix(mix(seed ^ 0x9E3779B97F4A7C15L * (salt + 1)) + index));
  }

  /** A standard normal draw (Box–Muller), so that noise never depends on DJL's generator. */
  public static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** SplitMix64's finaliser: spreads nearby inputs over the whole range. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
