package dev.compactfusion.codec;

import java.util.Arrays;

/**
 * The rank-1 mean-abs scales of 1bit/2bit: channelScale[c] = mean_n |d[n,c]|, tokenScale[n] =
 * mean_c |d[n,c]| / mean(|d|), both rounded to fp16. The summation order is fixed and is exactly
 * the one the CUDA kernels use (per row: 256 strided lanes then a halving tree; per column:
 * sequential over tokens; total: the same lane scheme over the row sums), so the CPU and GPU
 * produce bit-identical scales and therefore bit-identical packed bits.
 */
public final class AbsScales {
  public static final int LANES = 256;

  private final int tokens;
  private final int channels;
  private final float[] lanes = new float[LANES];
  private final float[] rowSum;
  private final float[] colSum;
  final short[] tokenHalf;
  final short[] channelHalf;
  final float[] tokenScale;
  final float[] channelScale;

  private final boolean vector;

  public AbsScales(int tokens, int channels) {
    this(tokens, channels, VectorKernels.ENABLED);
  }

  /** {@code vector} picks the Vector API accumulation or the scalar one (tests compare the two). */
  AbsScales(int tokens, int channels, boolean vector) {
    this.vector = vector;
    this.tokens = tokens;
    this.channels = channels;
    rowSum = new float[tokens];
    colSum = new float[channels];
    tokenHalf = new short[tokens];
    channelHalf = new short[channels];
    tokenScale = new float[tokens];
    channelScale = new float[channels];
  }

  public void compute(float[] d) {
    Arrays.fill(colSum, 0f);
    int rowLanes = Math.min(LANES, channels);
    for (int n = 0; n < tokens; n++) {
      Arrays.fill(lanes, 0, rowLanes, 0f);
      int off = n * channels;
      for (int cb = 0; cb < channels; cb += LANES) {
        int len = Math.min(LANES, channels - cb);
        if (vector) {
          SignLanes.addAbs(d, off + cb, len, lanes, colSum, cb);
          continue;
        }
        for (int t = 0; t < len; t++) {
          float a = Math.abs(d[off + cb + t]);
          lanes[t] += a;
          colSum[cb + t] += a;
        }
      }
      rowSum[n] = tree(rowLanes);
    }
    int totalLanes = Math.min(LANES, tokens);
    Arrays.fill(lanes, 0, totalLanes, 0f);
    for (int nb = 0; nb < tokens; nb += LANES) {
      int len = Math.min(LANES, tokens - nb);
      for (int t = 0; t < len; t++) {
        lanes[t] += rowSum[nb + t];
      }
    }
    float meanAll = tree(totalLanes) / (float) (tokens * channels);
    for (int n = 0; n < tokens; n++) {
      float ts = meanAll > 0f ? (rowSum[n] / (float) channels) / meanAll : 0f;
      tokenHalf[n] = Half.fromFloat(ts);
      tokenScale[n] = Half.toFloat(tokenHalf[n]);
    }
    for (int c = 0; c < channels; c++) {
      channelHalf[c] = Half.fromFloat(colSum[c] / (float) tokens);
      channelScale[c] = Half.toFloat(channelHalf[c]);
    }
  }

  /**
   * The halving tree over 256 lanes. Lanes at and above {@code active} hold zero, and adding an
   * exact zero to a non-negative sum changes nothing, so skipping them keeps the result identical
   * to the kernels' full tree while sparing small-C rows most of the work.
   */
  private float tree(int active) {
    for (int s = LANES / 2; s > 0; s >>= 1) {
      for (int t = 0; t < active - s; t++) {
        lanes[t] += lanes[t + s];
      }
      active = Math.min(active, s);
    }
    return lanes[0];
  }
}
