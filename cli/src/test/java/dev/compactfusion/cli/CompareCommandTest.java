package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.cli.MainTest.Result;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.media.MediaIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
  @TempDir Path dir;

  /** 8-bit values in [64, 191]/255, so an offset of up to 64 levels stays in range. */
  private static Frames image(int frames, int height, int width, int offsetLevels, long seed) {
    Random random = new Random(seed);
    float[] rgb = new float[frames * height * width * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (64 + random.nextInt(128) + offsetLevels) / 255f;
    }
    return new Frames(frames, height, width, rgb);
  }

  private Path write(String name, Frames frames) {
    Path path = dir.resolve(name);
    MediaIO.write(path, frames, 1);
    return path;
  }

  @Test
  void identicalImagesHaveInfinitePsnrAndSsimOne() {
    Path a = write("a.png", image(1, 24, 20, 0, 1));
    Path b = write("b.png", image(1, 24, 20, 0, 1));
    Result r = MainTest.run("compare", a.toString(), b.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).containsExactly("PSNR Infinity dB (identical)", "SSIM 1.000000");
  }

  @Test
  void identicalVideosHaveInfinitePsnrAndSsimOne() {
    Path a = write("a.gif", image(3, 16, 16, 0, 2));
    Result r = MainTest.run("compare", a.toString(), a.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("PSNR Infinity dB").contains("SSIM 1.000000")
        .contains("a video of 3 frames of 16x16");
  }

  @Test
  void constantOffsetGivesTheFormulaPsnr() {
    int levels = 8;
    Path a = write("a.png", image(1, 32, 32, 0, 3));
    Path b = write("b.png", image(1, 32, 32, levels, 3));
    double delta = levels / 255.0;
    double expected = -10 * Math.log10(delta * delta);
    Result r = MainTest.run("compare", a.toString(), b.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains(String.format(Locale.ROOT, "PSNR %.3f dB", expected));
    double ssim = Double.parseDouble(r.out().lines().filter(l -> l.startsWith("SSIM ")).findFirst()
        .orElseThrow().substring(5));
    assertThat(ssim).isLessThan(1).isGreaterThan(0.9); // a small brightness shift barely matters
  }

  @Test
  void differentSizesAreAOneLineUsageError() {
    Path a = write("a.png", image(1, 16, 16, 0, 4));
    Path b = write("b.png", image(1, 16, 18, 0, 4));
    Result r = MainTest.run("compare", a.toString(), b.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("a.png").contains("b.png").contains("same size");
  }

  @Test
  void imageAgainstVideoIsAOneLineUsageError() {
    Path a = write("a.png", image(1, 16, 16, 0, 5));
    Path b = write("b.gif", image(2, 16, 16, 0, 5));
    Result r = MainTest.run("compare", a.toString(), b.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("a video of 2 frames");
  }

  @Test
  void missingFileIsNamed() {
    Path a = write("a.png", image(1, 8, 8, 0, 6));
    Path missing = dir.resolve("missing.png");
    Result r = MainTest.run("compare", a.toString(), missing.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(missing.toString()).contains("no such file");
  }

  @Test
  void unreadableFileIsNamed() throws IOException {
    Path a = write("a.png", image(1, 8, 8, 0, 7));
    Path junk = Files.writeString(dir.resolve("junk.png"), "not a png");
    Result r = MainTest.run("compare", a.toString(), junk.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(junk.toString());
  }

  @Test
  void unsupportedTypeNamesTheAllowedOnes() {
    Result r = MainTest.run("compare", "a.jpg", "b.jpg");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(".png, .gif, .mp4");
  }
}
