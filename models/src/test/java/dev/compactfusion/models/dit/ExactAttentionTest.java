package dev.compactfusion.models.dit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.sampling.Noise;
import org.junit.jupiter.api.Test;

class ExactAttentionTest {

  private static double maxDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }

  @Test
  void matchesAPlainJavaSoftmaxAttention() {
    int b = 2;
    int h = 3;
    int nq = 5;
    int nk = 7;
    int d = 4;
    float[] q = Noise.gaussian(1, b * h * nq * d);
    float[] k = Noise.gaussian(2, b * h * nk * d);
    float[] v = Noise.gaussian(3, b * h * nk * d);
    float[] want = new float[b * h * nq * d];
    for (int bh = 0; bh < b * h; bh++) {
      for (int i = 0; i < nq; i++) {
        double[] s = new double[nk];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < nk; j++) {
          for (int c = 0; c < d; c++) {
            s[j] += q[(bh * nq + i) * d + c] * k[(bh * nk + j) * d + c];
          }
          s[j] /= Math.sqrt(d);
          max = Math.max(max, s[j]);
        }
        double sum = 0;
        for (int j = 0; j < nk; j++) {
          s[j] = Math.exp(s[j] - max);
          sum += s[j];
        }
        for (int c = 0; c < d; c++) {
          double o = 0;
          for (int j = 0; j < nk; j++) {
            o += s[j] / sum * v[(bh * nk + j) * d + c];
          }
          want[(bh * nq + i) * d + c] = (float) o;
        }
      }
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray out = ExactAttention.softmaxAttention(m.create(q, new Shape(b, h, nq, d)),
          m.create(k, new Shape(b, h, nk, d)), m.create(v, new Shape(b, h, nk, d)));
      assertThat(out.getShape()).isEqualTo(new Shape(b, h, nq, d));
      assertThat(maxDiff(out.toFloatArray(), want)).isLessThan(1e-5);
    }
  }

  @Test
  void chunkedLongSequencesEqualUnchunkedQueryBlocks() {
    int n = 2100; // 2100² scores exceed the chunking threshold; 1050 × 2100 do not
    int d = 4;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray q = m.create(Noise.gaussian(4, n * d), new Shape(1, 1, n, d));
      NDArray k = m.create(Noise.gaussian(5, n * d), new Shape(1, 1, n, d));
      NDArray v = m.create(Noise.gaussian(6, n * d), new Shape(1, 1, n, d));
      float[] chunked = ExactAttention.softmaxAttention(q, k, v).toFloatArray();
      float[] first = ExactAttention.softmaxAttention(q.get(":, :, 0:1050, :"), k, v).toFloatArray();
      float[] second = ExactAttention.softmaxAttention(q.get(":, :, 1050:, :"), k, v).toFloatArray();
      float[] joined = new float[n * d];
      System.arraycopy(first, 0, joined, 0, first.length);
      System.arraycopy(second, 0, joined, first.length, second.length);
      assertThat(maxDiff(chunked, joined)).isLessThan(1e-6);
    }
  }
}
