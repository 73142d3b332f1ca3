package dev.compactfusion.models.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.compactfusion.models.media.Frames;
import org.junit.jupiter.api.Test;

class PsnrTest {
  @Test
  void identicalIsInfinite() {
    Frames a = TestFrames.pattern(2, 9, 13, 1);
    Psnr psnr = Psnr.of(a, new Frames(2, 9, 13, a.rgb().clone()));
    assertThat(psnr.decibels()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(psnr.mse()).isZero();
  }

  @Test
  void constantOffsetMatchesFormula() {
    Frames a = TestFrames.pattern(1, 16, 16, 2);
    double delta = 1.0 / 16;
    Psnr psnr = Psnr.of(a, TestFrames.offset(a, (float) delta));
    assertThat(psnr.decibels()).isCloseTo(-10 * Math.log10(delta * delta), within(1e-9));
    assertThat(psnr.decibels()).isCloseTo(24.0824, within(1e-4));
  }

  @Test
  void randomSignNoiseOverVideoMatchesFormula() {
    Frames a = TestFrames.pattern(3, 10, 7, 3);
    double delta = 1.0 / 64;
    Psnr psnr = Psnr.of(a, TestFrames.signNoise(a, (float) delta, 4));
    assertThat(psnr.mse()).isCloseTo(delta * delta, within(1e-15));
    assertThat(psnr.decibels()).isCloseTo(20 * Math.log10(64), within(1e-9));
  }

  @Test
  void errorOnOneFrameIsAveragedOverAllFrames() {
    Frames a = TestFrames.pattern(4, 8, 8, 5);
    float[] rgb = a.rgb().clone();
    int perFrame = 8 * 8 * 3;
    for (int i = 0; i < perFrame; i++) {
      rgb[i] += 0.125f; // only frame 0
    }
    Psnr psnr = Psnr.of(a, new Frames(4, 8, 8, rgb));
    assertThat(psnr.mse()).isCloseTo(0.125 * 0.125 / 4, within(1e-15));
  }

  @Test
  void differentShapesAreRejected() {
    assertThatThrownBy(() -> Psnr.of(TestFrames.pattern(1, 8, 8, 1), TestFrames.pattern(2, 8, 8, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an image of 8x8")
        .hasMessageContaining("a video of 2 frames of 8x8");
  }
}
