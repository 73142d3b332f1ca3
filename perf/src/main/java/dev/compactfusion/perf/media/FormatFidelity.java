package dev.compactfusion.perf.media;

import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.media.MediaIO;
import dev.compactfusion.models.metrics.Fidelity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * How much each output format loses: writes two synthetic 16-frame 64×64 videos (a smooth
 * gradient with thousands of colours per frame, and noise of 200 colours per frame) as GIF and
 * MP4, reads them back and prints PSNR, SSIM and file size against the 8-bit original. PNG is
 * exact for 8-bit values and is left out.
 *
 * <p>Run: {@code ./compactfusion tools format-fidelity}
 */
public final class FormatFidelity {
  private static final int FRAMES = 16;
  private static final int SIZE = 64;

  private FormatFidelity() {}

  public static int run(String... args) throws IOException {
    Path dir = Files.createTempDirectory("format-fidelity");
    try {
      System.out.println("video     format  PSNR dB   SSIM     bytes");
      report("smooth", smooth(), dir);
      report("200-col", fewColours(), dir);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
    return 0;
  }

  private static void report(String name, Frames original, Path dir) throws IOException {
    for (String format : new String[] {"gif", "mp4"}) {
      Path file = dir.resolve(name + "." + format);
      MediaIO.write(file, original, 1);
      Fidelity f = Fidelity.of(original, MediaIO.read(file));
      System.out.printf(Locale.ROOT, "%-9s %-6s %8.2f  %7.4f  %7d%n", name, format,
          f.psnr().decibels(), f.ssim().mean(), Files.size(file));
    }
  }

  /** 8-bit values, so the only loss measured is the format's. */
  private static float level(double v) {
    return Math.round(Math.max(0, Math.min(1, v)) * 255) / 255f;
  }

  private static Frames smooth() {
    float[] rgb = new float[FRAMES * SIZE * SIZE * 3];
    Frames frames = new Frames(FRAMES, SIZE, SIZE, rgb);
    for (int f = 0; f < FRAMES; f++) {
      for (int r = 0; r < SIZE; r++) {
        for (int c = 0; c < SIZE; c++) {
          rgb[frames.index(f, r, c, 0)] = level(0.2 + 0.6 * r / SIZE);
          rgb[frames.index(f, r, c, 1)] = level(0.2 + 0.6 * c / SIZE);
          rgb[frames.index(f, r, c, 2)] = level(0.5 + 0.3 * Math.sin((r + c + 4 * f) / 10.0));
        }
      }
    }
    return frames;
  }

  private static Frames fewColours() {
    Random random = new Random(42);
    float[] rgb = new float[FRAMES * SIZE * SIZE * 3];
    for (int f = 0; f < FRAMES; f++) {
      int[] palette = random.ints(200, 0, 1 << 24).toArray();
      for (int p = 0; p < SIZE * SIZE; p++) {
        int colour = palette[random.nextInt(palette.length)];
        int i = (f * SIZE * SIZE + p) * 3;
        rgb[i] = ((colour >> 16) & 0xff) / 255f;
        rgb[i + 1] = ((colour >> 8) & 0xff) / 255f;
        rgb[i + 2] = (colour & 0xff) / 255f;
      }
    }
    return new Frames(FRAMES, SIZE, SIZE, rgb);
  }
}
