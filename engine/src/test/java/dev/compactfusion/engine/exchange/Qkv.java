package dev.compactfusion.engine.exchange;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.dit.TokenRange;
import java.util.Random;

/**
 * Full-sequence q, k, v of one layer-step as plain arrays [batch][heads][tokens][headDim] (flat),
 * drawn from a seed so that every worker thread can make the same ones and take its slice.
 */
record Qkv(int batch, int heads, int tokens, int headDim, float[] q, float[] k, float[] v) {

  static Qkv random(int batch, int heads, int tokens, int headDim, long seed) {
    Random rnd = new Random(seed);
    int n = batch * heads * tokens * headDim;
    return new Qkv(batch, heads, tokens, headDim, draw(rnd, n), draw(rnd, n), draw(rnd, n));
  }

  /**
   * A sequence that changes slowly from step to step, as activations of adjacent denoising steps
   * do: base plus a small step-dependent drift.
   */
  static Qkv drifting(int batch, int heads, int tokens, int headDim, long seed, int step, float drift) {
    Qkv base = random(batch, heads, tokens, headDim, seed);
    Qkv noise = random(batch, heads, tokens, headDim, seed * 31 + step + 1);
    return new Qkv(batch, heads, tokens, headDim, mix(base.q, noise.q, drift * step), mix(base.k, noise.k, drift * step),
        mix(base.v, noise.v, drift * step));
  }

  int index(int b, int h, int t, int d) {
    return ((b * heads + h) * tokens + t) * headDim + d;
  }

  /** Rows {@code range} of a full tensor as a [batch, heads, range, headDim] NDArray. */
  NDArray slice(NDManager manager, float[] full, TokenRange range) {
    return manager.create(rows(full, range), new Shape(batch, heads, range.length(), headDim));
  }

  /** Copy with rows {@code range} of k and v taken from {@code other} (for stale references). */
  Qkv withKvRows(Qkv other, TokenRange range) {
    float[] k2 = k.clone();
    float[] v2 = v.clone();
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        for (int t = range.start(); t < range.end(); t++) {
          for (int d = 0; d < headDim; d++) {
            k2[index(b, h, t, d)] = other.k[index(b, h, t, d)];
            v2[index(b, h, t, d)] = other.v[index(b, h, t, d)];
          }
        }
      }
    }
    return new Qkv(batch, heads, tokens, headDim, q, k2, v2);
  }

  /** Softmax attention over the whole sequence in double precision: the oracle. */
  float[] reference() {
    float[] out = new float[q.length];
    double scale = 1 / Math.sqrt(headDim);
    double[] scores = new double[tokens];
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < tokens; i++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < tokens; j++) {
            double s = 0;
            for (int d = 0; d < headDim; d++) {
              s += (double) q[index(b, h, i, d)] * k[index(b, h, j, d)];
            }
            scores[j] = s * scale;
            max = Math.max(max, scores[j]);
          }
          double sum = 0;
          for (int j = 0; j < tokens; j++) {
            scores[j] = Math.exp(scores[j] - max);
            sum += scores[j];
          }
          for (int d = 0; d < headDim; d++) {
            double acc = 0;
            for (int j = 0; j < tokens; j++) {
              acc += scores[j] * v[index(b, h, j, d)];
            }
            out[index(b, h, i, d)] = (float) (acc / sum);
          }
        }
      }
    }
    return out;
  }

  /** What the serial path computes: {@code ExactAttention} over the full sequence, one worker. */
  float[] serialAttention() {
    try (NDManager m = NDManager.newBaseManager()) {
      TokenRange all = new TokenRange(0, tokens);
      return ExactAttention.softmaxAttention(slice(m, q, all), slice(m, k, all), slice(m, v, all)).toFloatArray();
    }
  }

  /** Rows {@code range} of a full flat tensor, in the layout of {@link #slice}. */
  float[] rows(float[] full, TokenRange range) {
    float[] out = new float[batch * heads * range.length() * headDim];
    int i = 0;
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        for (int t = range.start(); t < range.end(); t++) {
          for (int d = 0; d < headDim; d++) {
            out[i++] = full[index(b, h, t, d)];
          }
        }
      }
    }
    return out;
  }

  private static float[] draw(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextFloat() * 2 - 1;
    }
    return a;
  }

  private static float[] mix(float[] a, float[] b, float w) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + w * b[i];
    }
    return out;
  }
}
