package dev.compactfusion.models.diffusers.t5;

/**
 * T5's bidirectional relative-position buckets: half the buckets for keys after the query, half
 * for keys before; within each half, distances below a quarter of all buckets get their own
 * bucket, longer ones share logarithmically spaced buckets up to {@code maxDistance}, and beyond
 * it the last. The logarithmic branch is computed in float as transformers computes it, since at
 * distances 16, 32, 64 the value lands exactly on a bucket edge and truncation decides.
 */
public final class RelativePositions {
  private RelativePositions() {}

  /** The bucket of key position minus query position {@code relative}. */
  public static int bucket(int relative, int buckets, int maxDistance) {
    int half = buckets / 2;
    int base = relative > 0 ? half : 0;
    int distance = Math.abs(relative);
    int exact = half / 2;
    if (distance < exact) {
      return base + distance;
    }
    float log = (float) Math.log((float) distance / exact);
    float denominator = (float) Math.log((double) maxDistance / exact);
    int large = exact + (int) (log / denominator * (half - exact));
    return base + Math.min(large, half - 1);
  }

  /** Bias [heads, n, n] row-major: entry (h, i, j) = table[bucket(j − i)][h] for table [buckets, heads]. */
  static float[] bias(float[] table, int heads, int n, int buckets, int maxDistance) {
    float[] out = new float[heads * n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int b = bucket(j - i, buckets, maxDistance);
        for (int h = 0; h < heads; h++) {
          out[(h * n + i) * n + j] = table[b * heads + h];
        }
      }
    }
    return out;
  }
}
