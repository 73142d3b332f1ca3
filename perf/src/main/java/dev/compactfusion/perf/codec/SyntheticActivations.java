package dev.compactfusion.perf.codec;

import java.util.SplittableRandom;

/**
 * A slowly drifting activation: a smooth pattern (sum of separable waves, like nearby patches),
 * plus t * rate times a rank-2 drift direction, plus small per-step noise. Adjacent steps have
 * cosine similarity near the 0.93-0.98 of published K/V dumps for the default rate.
 */
public final class SyntheticActivations implements ActivationSource {
  private final int tokens;
  private final int channels;
  private final int steps;
  private final double rate;
  private final float[] pattern;
  private final float[] drift;
  private final long seed;

  public SyntheticActivations(int tokens, int channels, int steps, double rate, long seed) {
    this.tokens = tokens;
    this.channels = channels;
    this.steps = steps;
    this.rate = rate;
    this.seed = seed;
    SplittableRandom r = new SplittableRandom(seed);
    pattern = new float[tokens * channels];
    for (int w = 0; w < 6; w++) {
      addWave(pattern, r, r.nextDouble(0.5, 2));
    }
    drift = new float[tokens * channels];
    for (int w = 0; w < 2; w++) {
      addWave(drift, r, 1);
    }
  }

  private void addWave(float[] a, SplittableRandom r, double amp) {
    double fn = r.nextDouble(0.5, 8) * Math.PI / tokens;
    double fc = r.nextDouble(0.5, 40) * Math.PI / channels;
    double pn = r.nextDouble(0, 6.28);
    double pc = r.nextDouble(0, 6.28);
    float[] col = new float[channels];
    for (int c = 0; c < channels; c++) {
      col[c] = (float) Math.cos(fc * c + pc);
    }
    for (int n = 0; n < tokens; n++) {
      float s = (float) (amp * Math.sin(fn * n + pn));
      int row = n * channels;
      for (int c = 0; c < channels; c++) {
        a[row + c] += s * col[c];
      }
    }
  }

  @Override
  public String name() {
    return "synthetic drift " + rate;
  }

  @Override
  public int tokens() {
    return tokens;
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public int steps() {
    return steps;
  }

  @Override
  public float[] step(int t) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003 + t);
    float[] a = new float[pattern.length];
    float k = (float) (t * rate);
    for (int i = 0; i < a.length; i++) {
      a[i] = pattern[i] + k * drift[i] + (float) (0.02 * (r.nextDouble() - 0.5));
    }
    return a;
  }
}
