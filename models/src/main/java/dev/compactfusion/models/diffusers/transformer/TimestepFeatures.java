package dev.compactfusion.models.diffusers.transformer;

/**
 * diffusers' Timesteps(256, flip_sin_to_cos=True, downscale_freq_shift=s): [cos(t·f), sin(t·f)]
 * with f_i = exp(−ln(10000)·i/(half − s)); DiT uses s = 1, PixArt s = 0. Computed in float with torch's operation order, since
 * t reaches 999 and a rounding difference in f shows up as a phase difference.
 */
final class TimestepFeatures {
  private static final float SHIFT = 1f;

  private TimestepFeatures() {}

  /** [timesteps.length, dim] row-major, DiT's shift of 1. */
  static float[] of(float[] timesteps, int dim) {
    return of(timesteps, dim, SHIFT);
  }

  /** As {@link #of(float[], int)} with {@code downscale_freq_shift} = {@code shift} (PixArt uses 0). */
  static float[] of(float[] timesteps, int dim, float shift) {
    int half = dim / 2;
    float[] freqs = new float[half];
    float logMax = (float) -Math.log(10000.0);
    for (int i = 0; i < half; i++) {
      freqs[i] = (float) Math.exp(logMax * i / (half - shift));
    }
    float[] out = new float[timesteps.length * dim];
    for (int b = 0; b < timesteps.length; b++) {
      for (int i = 0; i < half; i++) {
        float arg = timesteps[b] * freqs[i];
        out[b * dim + i] = (float) Math.cos(arg);
        out[b * dim + half + i] = (float) Math.sin(arg);
      }
    }
    return out;
  }
}
