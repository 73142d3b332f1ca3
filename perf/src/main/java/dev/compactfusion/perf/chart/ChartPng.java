package dev.compactfusion.perf.chart;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import javax.imageio.ImageIO;

/**
 * Draws a {@link Chart} into a PNG file, atomically: a temporary file in the same directory
 * replaces the target only once it is complete, so a report never links a half-written chart.
 */
public final class ChartPng {
  public static final int DEFAULT_WIDTH = 900;
  public static final int DEFAULT_HEIGHT = 540;

  private ChartPng() {}

  public static void write(Path out, Chart chart) {
    write(out, chart, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  /**
   * @throws IllegalArgumentException for a size below 100×100 pixels or above 10000×10000
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void write(Path out, Chart chart, int width, int height) {
    if (width < 100 || height < 100 || width > 10_000 || height > 10_000) {
      throw new IllegalArgumentException("chart size must be 100..10000 pixels each way, got "
          + width + "x" + height);
    }
    BufferedImage image = chart.render().createBufferedImage(width, height);
    Path target = out.toAbsolutePath();
    Path temp = null;
    try {
      temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
      if (!ImageIO.write(image, "png", temp.toFile())) {
        throw new IOException("no PNG writer available in this JVM");
      }
      if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
        // Temporary files are created owner-only; a chart should read like any other output.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (RuntimeException e) {
      deleteQuietly(temp, e);
      throw e;
    } catch (IOException e) {
      deleteQuietly(temp, e);
      throw new UncheckedIOException("cannot write chart '" + chart.title() + "' to " + out
          + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path temp, Exception cause) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }
}
