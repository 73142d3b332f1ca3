package dev.compactfusion.models.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.compactfusion.models.media.Frames;
import org.junit.jupiter.api.Test;

class SsimTest {
  @Test
  void identicalIsOne() {
    Frames a = TestFrames.pattern(2, 20, 24, 1);
    Ssim ssim = Ssim.of(a, a);
    assertThat(ssim.mean()).isCloseTo(1.0, within(1e-12));
    assertThat(ssim.perFrame()).hasSize(2).allSatisfy(v -> assertThat(v).isCloseTo(1, within(1e-12)));
  }

  @Test
  void noiseLowersIt() {
    Frames a = TestFrames.pattern(1, 32, 32, 2);
    double noisy = Ssim.of(a, TestFrames.signNoise(a, 1f / 16, 3)).mean();
    double noisier = Ssim.of(a, TestFrames.signNoise(a, 1f / 8, 3)).mean();
    assertThat(noisy).isLessThan(0.99);
    assertThat(noisier).isLessThan(noisy);
  }

  @Test
  void constantImagesFollowTheLuminanceTerm() {
    // No variance: SSIM reduces to (2ab + C1) / (a² + b² + C1) at every window position.
    double a = 0.25;
    double b = 0.75;
    double expected = (2 * a * b + Ssim.C1) / (a * a + b * b + Ssim.C1);
    double ssim = Ssim.of(TestFrames.constant(16, 16, (float) a), TestFrames.constant(16, 16, (float) b)).mean();
    assertThat(ssim).isCloseTo(expected, within(1e-12));
  }

  @Test
  void matchesDirectWindowSumsOnVideo() {
    Frames a = TestFrames.pattern(2, 17, 14, 4);
    Frames b = TestFrames.signNoise(a, 1f / 32, 5);
    Ssim ssim = Ssim.of(a, b);
    for (int f = 0; f < 2; f++) {
      assertThat(ssim.perFrame().get(f)).isCloseTo(DirectSsim.frame(a, b, f, 11), within(1e-10));
    }
    assertThat(ssim.mean()).isCloseTo(
        (DirectSsim.frame(a, b, 0, 11) + DirectSsim.frame(a, b, 1, 11)) / 2, within(1e-10));
  }

  @Test
  void smallImagesUseTheLargestOddWindowThatFits() {
    Frames a = TestFrames.pattern(1, 8, 12, 6);
    Frames b = TestFrames.signNoise(a, 1f / 32, 7);
    assertThat(Ssim.of(a, b).mean()).isCloseTo(DirectSsim.frame(a, b, 0, 7), within(1e-10));
  }

  @Test
  void isSymmetric() {
    Frames a = TestFrames.pattern(1, 16, 16, 8);
    Frames b = TestFrames.signNoise(a, 1f / 16, 9);
    assertThat(Ssim.of(a, b).mean()).isCloseTo(Ssim.of(b, a).mean(), within(1e-12));
  }

  @Test
  void differentShapesAreRejected() {
    assertThatThrownBy(() -> Ssim.of(TestFrames.pattern(1, 8, 8, 1), TestFrames.pattern(1, 8, 9, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8x8").hasMessageContaining("9x8");
  }

  /** The textbook definition, one 2-D window at a time: the oracle for the separable filter. */
  private static final class DirectSsim {
    static double frame(Frames a, Frames b, int f, int size) {
      double sigma = 1.5;
      double[][] w = new double[size][size];
      double total = 0;
      int half = size / 2;
      for (int i = 0; i < size; i++) {
        for (int j = 0; j < size; j++) {
          w[i][j] = Math.exp(-((i - half) * (i - half) + (j - half) * (j - half)) / (2 * sigma * sigma));
          total += w[i][j];
        }
      }
      double channels = 0;
      for (int c = 0; c < 3; c++) {
        double sum = 0;
        int count = 0;
        for (int r0 = 0; r0 + size <= a.height(); r0++) {
          for (int c0 = 0; c0 + size <= a.width(); c0++) {
            double mx = 0;
            double my = 0;
            for (int i = 0; i < size; i++) {
              for (int j = 0; j < size; j++) {
                mx += w[i][j] / total * a.rgb()[a.index(f, r0 + i, c0 + j, c)];
                my += w[i][j] / total * b.rgb()[b.index(f, r0 + i, c0 + j, c)];
              }
            }
            double vx = 0;
            double vy = 0;
            double cov = 0;
            for (int i = 0; i < size; i++) {
              for (int j = 0; j < size; j++) {
                double dx = a.rgb()[a.index(f, r0 + i, c0 + j, c)] - mx;
                double dy = b.rgb()[b.index(f, r0 + i, c0 + j, c)] - my;
                vx += w[i][j] / total * dx * dx;
                vy += w[i][j] / total * dy * dy;
                cov += w[i][j] / total * dx * dy;
              }
            }
            double c1 = 0.01 * 0.01;
            double c2 = 0.03 * 0.03;
            sum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
            count++;
          }
        }
        channels += sum / count;
      }
      return channels / 3;
    }
  }
}
