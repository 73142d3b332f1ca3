package dev.compactfusion.models.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Reads and writes {@link Frames} as files, the format chosen by the extension: {@code .png}
 * (one frame), {@code .gif} (animated, looping, 10 frames per second) or {@code .mp4} (H.264,
 * lossy). Pixels are quantised to 8 bits per channel with rounding. Writes are atomic: the
 * target either keeps its old content or gets the complete new file.
 */
public final class MediaIO {
  private MediaIO() {}

  /**
   * Writes {@code frames} to {@code out}, each pixel repeated {@code scale × scale} times.
   *
   * @throws IllegalArgumentException for an unknown extension, a video written as PNG or a scale
   *     below 1
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void write(Path out, Frames frames, int scale) {
    MediaFormat format = MediaFormat.of(out);
    if (format == MediaFormat.PNG && frames.isVideo()) {
      throw new IllegalArgumentException("cannot write a video of " + frames.frames()
          + " frames to PNG file " + out + ": use a .gif or .mp4 name");
    }
    List<BufferedImage> images = FrameImages.toImages(frames, scale);
    try {
      AtomicFile.write(out, temp -> {
        switch (format) {
          case PNG -> Files.write(temp, png(images.get(0)));
          case GIF -> GifFile.write(images, temp);
          case MP4 -> Mp4File.write(images, temp);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  /**
   * One frame as PNG bytes, each pixel repeated {@code scale × scale} times (what {@link #write}
   * puts in a .png file; for answers that carry the image rather than a file).
   */
  public static byte[] png(Frames frames, int scale) {
    if (frames.isVideo()) {
      throw new IllegalArgumentException("cannot encode a video of " + frames.frames() + " frames as PNG");
    }
    try {
      return png(FrameImages.toImages(frames, scale).get(0));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode PNG: " + e.getMessage(), e);
    }
  }

  /**
   * All frames as an animated GIF's bytes, looping at 10 frames per second, each pixel repeated
   * {@code scale × scale} times (what {@link #write} puts in a .gif file).
   */
  public static byte[] gif(Frames frames, int scale) {
    try {
      return GifFile.bytes(FrameImages.toImages(frames, scale));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode GIF: " + e.getMessage(), e);
    }
  }

  /**
   * All frames as an MP4 file's bytes (H.264, lossy, 10 frames per second), each pixel repeated
   * {@code scale × scale} times (what {@link #write} puts in a .mp4 file).
   */
  public static byte[] mp4(Frames frames, int scale) {
    try {
      return Mp4File.bytes(FrameImages.toImages(frames, scale));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode MP4: " + e.getMessage(), e);
    }
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", bytes)) {
      throw new IOException("no PNG writer available in this JVM");
    }
    return bytes.toByteArray();
  }

  /**
   * Reads an image (one frame) or all frames of a video.
   *
   * @throws IllegalArgumentException for an unknown extension, a missing file or content that
   *     is not the format its name says
   */
  public static Frames read(Path in) {
    MediaFormat format = MediaFormat.of(in);
    if (!Files.isRegularFile(in)) {
      throw new IllegalArgumentException("cannot read " + in + ": no such file");
    }
    try {
      List<BufferedImage> images = switch (format) {
        case PNG -> {
          BufferedImage image = ImageIO.read(in.toFile());
          if (image == null) {
            throw new IllegalArgumentException("cannot read " + in + ": not a PNG image");
          }
          yield List.of(image);
        }
        case GIF -> GifFile.read(in);
        case MP4 -> Mp4File.read(in);
      };
      return FrameImages.fromImages(images, in.toString());
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw (IllegalArgumentException) e;
      }
      throw new IllegalArgumentException(
          "cannot read " + in + " as " + format.name() + ": " + describe(e), e);
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
