package dev.compactfusion.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AbsScales must sum in exactly the order of the CUDA kernels (cf_residual_rowsum, cf_colsum,
 * cf_scales). The reference here transcribes the kernels literally, full 256-lane trees included,
 * so any shortcut in the Java code that changed a rounding would show up as a differing scale.
 */
class AbsScalesTest {

  @ParameterizedTest
  @CsvSource({"1,1", "7,13", "16,128", "64,192", "300,300", "257,3072", "1024,511"})
  void matchesTheKernelOrderBitForBit(int n, int c) {
    float[] d = Signals.gaussian(n, c, n * 31L + c);
    for (int i = 0; i < d.length; i += 5) {
      d[i] *= 1e-3f;
    }
    AbsScales scales = new AbsScales(n, c);
    scales.compute(d);
    short[][] ref = kernelReference(d, n, c);
    assertThat(scales.tokenHalf).isEqualTo(ref[0]);
    assertThat(scales.channelHalf).isEqualTo(ref[1]);
  }

  private static short[][] kernelReference(float[] d, int n, int c) {
    float[] rowSum = new float[n];
    for (int row = 0; row < n; row++) {
      float[] sh = new float[256];
      for (int t = 0; t < 256; t++) {
        float acc = 0f;
        for (int col = t; col < c; col += 256) {
          acc += Math.abs(d[row * c + col]);
        }
        sh[t] = acc;
      }
      rowSum[row] = tree(sh);
    }
    float[] colSum = new float[c];
    for (int col = 0; col < c; col++) {
      float acc = 0f;
      for (int row = 0; row < n; row++) {
        acc += Math.abs(d[row * c + col]);
      }
      colSum[col] = acc;
    }
    float[] sh = new float[256];
    for (int t = 0; t < 256; t++) {
      float acc = 0f;
      for (int row = t; row < n; row += 256) {
        acc += rowSum[row];
      }
      sh[t] = acc;
    }
    float meanAll = tree(sh) / (float) (n * c);
    short[] tok = new short[n];
    for (int row = 0; row < n; row++) {
      tok[row] = Half.fromFloat(meanAll > 0f ? (rowSum[row] / (float) c) / meanAll : 0f);
    }
    short[] chan = new short[c];
    for (int col = 0; col < c; col++) {
      chan[col] = Half.fromFloat(colSum[col] / (float) n);
    }
    return new short[][] {tok, chan};
  }

  private static float tree(float[] sh) {
    for (int s = 128; s > 0; s >>= 1) {
      for (int t = 0; t < s; t++) {
        sh[t] += sh[t + s];
      }
    }
    return sh[0];
  }
}
