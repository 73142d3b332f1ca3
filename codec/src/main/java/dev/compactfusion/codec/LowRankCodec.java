package dev.compactfusion.codec;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@code lowrank:R} and {@code lowrankq:R}: D ~ U V by subspace iteration (2 iterations per call,
 * warm-started from the previous call's channel basis). U is N x R, V is R x C; each rank-one
 * term is balanced so that U's column and V's row have equal norms (keeps both inside fp16 range).
 * lowrank body: U fp16 (row-major N x R), V fp16 (row-major R x C). lowrankq body: for each of
 * U's R columns lo,step fp16, for each of V's R rows lo,step fp16, then U's and V's 4-bit codes
 * (row-major, two per byte, even element in the low nibble).
 */
final class LowRankCodec extends ShapedCodec {
  static final int ITERATIONS = 2;
  private static final int LEVELS = 15;

  private final int rank;
  private final boolean quantised;
  private final SplittableRandom random = new SplittableRandom(0x5eedL);
  private final float[] u;
  private final float[] z;
  private final float[] v;
  private float[] basis;

  private final boolean vectorProducts;

  LowRankCodec(CodecSpec spec, int tokens, int channels) {
    this(spec, tokens, channels, VectorKernels.ENABLED);
  }

  /** {@code vector} picks the Vector API products or the scalar ones (tests compare the two). */
  LowRankCodec(CodecSpec spec, int tokens, int channels, boolean vector) {
    super(spec, tokens, channels);
    rank = spec.rank();
    vectorProducts = vector && rank % LowRankLanes.RANK_LANES == 0;
    quantised = spec.kind() == CodecKind.LOW_RANK_Q;
    u = new float[tokens * rank];
    z = new float[channels * rank];
    v = new float[rank * channels];
  }

  /** The channel basis (C x R, row-major) the next call starts from; null before the first call. */
  float[] basis() {
    return basis;
  }

  @Override
  public long stateBytes() {
    return basis == null ? 0 : 4L * basis.length;
  }

  @Override
  public void encode(float[] values, byte[] out, int off) {
    if (basis == null) {
      basis = new float[channels * rank];
      for (int i = 0; i < basis.length; i++) {
        basis[i] = (float) random.nextDouble(-1, 1);
      }
      orthonormalise(basis, channels);
    }
    for (int it = 0; it < ITERATIONS; it++) {
      timesBasis(values);
      orthonormalise(u, tokens);
      transposeTimesU(values);
      System.arraycopy(z, 0, basis, 0, z.length);
      orthonormalise(basis, channels);
    }
    for (int k = 0; k < rank; k++) {
      double norm = 0;
      for (int c = 0; c < channels; c++) {
        norm += (double) z[c * rank + k] * z[c * rank + k];
      }
      float f = (float) Math.sqrt(Math.sqrt(norm));
      for (int n = 0; n < tokens; n++) {
        u[n * rank + k] *= f;
      }
      float inv = f > 0 ? 1f / f : 0f;
      for (int c = 0; c < channels; c++) {
        v[k * channels + c] = z[c * rank + k] * inv;
      }
    }
    if (quantised) {
      writeQuantised(out, off);
    } else {
      for (int i = 0; i < u.length; i++) {
        LittleEndian.putHalf(out, off + 2 * i, u[i]);
      }
      int vOff = off + 2 * u.length;
      for (int i = 0; i < v.length; i++) {
        LittleEndian.putHalf(out, vOff + 2 * i, v[i]);
      }
    }
  }

  @Override
  public void decodeAdd(byte[] in, int off, float[] target) {
    if (quantised) {
      readQuantised(in, off);
    } else {
      for (int i = 0; i < u.length; i++) {
        u[i] = LittleEndian.getHalf(in, off + 2 * i);
      }
      int vOff = off + 2 * u.length;
      for (int i = 0; i < v.length; i++) {
        v[i] = LittleEndian.getHalf(in, vOff + 2 * i);
      }
    }
    if (vectorProducts) {
      LowRankLanes.addProduct(u, v, target, tokens, channels, rank);
      return;
    }
    for (int n = 0; n < tokens; n++) {
      int row = n * channels;
      for (int k = 0; k < rank; k++) {
        float a = u[n * rank + k];
        int vo = k * channels;
        for (int c = 0; c < channels; c++) {
          target[row + c] += a * v[vo + c];
        }
      }
    }
  }

  private void timesBasis(float[] d) {
    if (vectorProducts) {
      LowRankLanes.times(d, basis, u, tokens, channels, rank);
      return;
    }
    Arrays.fill(u, 0f);
    for (int n = 0; n < tokens; n++) {
      int uo = n * rank;
      int ro = n * channels;
      for (int c = 0; c < channels; c++) {
        float x = d[ro + c];
        int qo = c * rank;
        for (int k = 0; k < rank; k++) {
          u[uo + k] += x * basis[qo + k];
        }
      }
    }
  }

  private void transposeTimesU(float[] d) {
    if (vectorProducts) {
      LowRankLanes.transposeTimes(d, u, z, tokens, channels, rank);
      return;
    }
    Arrays.fill(z, 0f);
    for (int n = 0; n < tokens; n++) {
      int uo = n * rank;
      int ro = n * channels;
      for (int c = 0; c < channels; c++) {
        float x = d[ro + c];
        int zo = c * rank;
        for (int k = 0; k < rank; k++) {
          z[zo + k] += x * u[uo + k];
        }
      }
    }
  }

  /**
   * Gram-Schmidt with re-orthogonalisation ("twice is enough") on the columns of a rows x rank
   * row-major matrix. A column that loses almost all its norm to the earlier ones is degenerate
   * (the residual has lower rank than R): it becomes zero in U; in the basis it is redrawn at
   * random so that a later, richer residual can still be found.
   */
  private void orthonormalise(float[] a, int rows) {
    boolean isBasis = a == basis;
    for (int j = 0; j < rank; j++) {
      for (int attempt = 0; attempt < 2; attempt++) {
        double before = sumSquares(a, rows, j);
        for (int pass = 0; pass < 2; pass++) {
          for (int k = 0; k < j; k++) {
            double dot = 0;
            for (int i = 0; i < rows; i++) {
              dot += (double) a[i * rank + j] * a[i * rank + k];
            }
            float fd = (float) dot;
            for (int i = 0; i < rows; i++) {
              a[i * rank + j] -= fd * a[i * rank + k];
            }
          }
        }
        double norm = sumSquares(a, rows, j);
        if (norm > 1e-30 && norm > 1e-8 * before) {
          float inv = (float) (1 / Math.sqrt(norm));
          for (int i = 0; i < rows; i++) {
            a[i * rank + j] *= inv;
          }
          break;
        }
        boolean redraw = isBasis && attempt == 0;
        for (int i = 0; i < rows; i++) {
          a[i * rank + j] = redraw ? (float) random.nextDouble(-1, 1) : 0f;
        }
        if (!redraw) {
          break;
        }
      }
    }
  }

  private double sumSquares(float[] a, int rows, int j) {
    double s = 0;
    for (int i = 0; i < rows; i++) {
      s += (double) a[i * rank + j] * a[i * rank + j];
    }
    return s;
  }

  private void writeQuantised(byte[] out, int off) {
    int paramOff = off;
    int uCodes = off + 8 * rank;
    int vCodes = uCodes + (tokens * rank + 1) / 2;
    Arrays.fill(out, uCodes, vCodes + (rank * channels + 1) / 2, (byte) 0);
    for (int k = 0; k < rank; k++) {
      quantise(u, k, rank, tokens, out, paramOff + 4 * k, uCodes);
      quantise(v, k * channels, 1, channels, out, paramOff + 4 * rank + 4 * k, vCodes);
    }
  }

  private static void quantise(float[] src, int start, int stride, int count, byte[] out, int paramOff, int codeOff) {
    float mn = src[start];
    float mx = mn;
    for (int i = 1; i < count; i++) {
      float x = src[start + i * stride];
      mn = x < mn ? x : mn;
      mx = x > mx ? x : mx;
    }
    short loH = Half.fromFloat(mn);
    float lo = Half.toFloat(loH);
    short stepH = Half.fromFloat((mx - lo) / LEVELS);
    float step = Half.toFloat(stepH);
    LittleEndian.putShort(out, paramOff, loH);
    LittleEndian.putShort(out, paramOff + 2, stepH);
    for (int i = 0; i < count; i++) {
      int idx = start + i * stride;
      int q = 0;
      if (step > 0f) {
        float r = (float) Math.rint((src[idx] - lo) / step);
        q = r <= 0f ? 0 : r >= LEVELS ? LEVELS : (int) r;
      }
      out[codeOff + (idx >>> 1)] |= (byte) (q << ((idx & 1) << 2));
    }
  }

  private void readQuantised(byte[] in, int off) {
    int uCodes = off + 8 * rank;
    int vCodes = uCodes + (tokens * rank + 1) / 2;
    for (int k = 0; k < rank; k++) {
      dequantise(u, k, rank, tokens, in, off + 4 * k, uCodes);
      dequantise(v, k * channels, 1, channels, in, off + 4 * rank + 4 * k, vCodes);
    }
  }

  private static void dequantise(float[] dst, int start, int stride, int count, byte[] in, int paramOff, int codeOff) {
    float lo = LittleEndian.getHalf(in, paramOff);
    float step = LittleEndian.getHalf(in, paramOff + 2);
    for (int i = 0; i < count; i++) {
      int idx = start + i * stride;
      int q = (in[codeOff + (idx >>> 1)] >>> ((idx & 1) << 2)) & 15;
      dst[idx] = lo + (float) q * step;
    }
  }
}
