package dev.compactfusion.models.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.models.metrics.Psnr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

class MediaIOTest {
  @TempDir Path dir;

  /** Random 8-bit values (k/255) drawn from a small per-frame set of colours. */
  private static Frames fewColours(int frames, int height, int width, int colours, long seed) {
    Random random = new Random(seed);
    float[] rgb = new float[frames * height * width * 3];
    for (int f = 0; f < frames; f++) {
      int[] palette = new int[colours];
      for (int i = 0; i < colours; i++) {
        palette[i] = random.nextInt(1 << 24);
      }
      for (int p = 0; p < height * width; p++) {
        int colour = palette[random.nextInt(colours)];
        int i = (f * height * width + p) * 3;
        rgb[i] = ((colour >> 16) & 0xff) / 255f;
        rgb[i + 1] = ((colour >> 8) & 0xff) / 255f;
        rgb[i + 2] = (colour & 0xff) / 255f;
      }
    }
    return new Frames(frames, height, width, rgb);
  }

  /** Slowly varying colours: what a codec for natural video is built for. */
  private static Frames smooth(int frames, int height, int width) {
    float[] rgb = new float[frames * height * width * 3];
    Frames shape = new Frames(frames, height, width, rgb);
    for (int f = 0; f < frames; f++) {
      for (int r = 0; r < height; r++) {
        for (int c = 0; c < width; c++) {
          rgb[shape.index(f, r, c, 0)] = 0.2f + 0.6f * r / height;
          rgb[shape.index(f, r, c, 1)] = 0.2f + 0.6f * c / width;
          rgb[shape.index(f, r, c, 2)] = 0.5f + 0.3f * (float) Math.sin((r + c + 4 * f) / 10.0);
        }
      }
    }
    return shape;
  }

  @Test
  void pngRoundTripIsExactFor8BitValues() {
    Frames image = fewColours(1, 13, 17, 1000, 1);
    Path out = dir.resolve("a.png");
    MediaIO.write(out, image, 1);
    assertThat(MediaIO.read(out).rgb()).containsExactly(image.rgb());
  }

  @Test
  void quantisationRoundsAndClamps() {
    float[] rgb = {0.5f, 1.2f, -0.1f, 0.1f, 0.998f, Float.NaN};
    Path out = dir.resolve("q.png");
    MediaIO.write(out, new Frames(1, 1, 2, rgb), 1);
    // 0.5·255 = 127.5 → 128; 0.1·255 = 25.5 → 26; 0.998·255 = 254.49 → 254.
    assertThat(MediaIO.read(out).rgb())
        .containsExactly(128 / 255f, 1f, 0f, 26 / 255f, 254 / 255f, 0f);
  }

  @Test
  void scaleRepeatsEachPixel() {
    Frames image = fewColours(1, 3, 4, 12, 2);
    Path out = dir.resolve("big.png");
    MediaIO.write(out, image, 3);
    Frames big = MediaIO.read(out);
    assertThat(big.height()).isEqualTo(9);
    assertThat(big.width()).isEqualTo(12);
    for (int r = 0; r < 9; r++) {
      for (int c = 0; c < 12; c++) {
        for (int ch = 0; ch < 3; ch++) {
          assertThat(big.rgb()[big.index(0, r, c, ch)])
              .isEqualTo(image.rgb()[image.index(0, r / 3, c / 3, ch)]);
        }
      }
    }
  }

  @Test
  void gifRoundTripIsExactWhenEachFrameHasAtMost256Colours() {
    // 256 colours per frame, different in every frame: 768 in all, so only per-frame palettes
    // can keep them.
    Frames video = fewColours(3, 40, 30, 256, 3);
    Path out = dir.resolve("v.gif");
    MediaIO.write(out, video, 1);
    Frames back = MediaIO.read(out);
    assertThat(back.frames()).isEqualTo(3);
    assertThat(back.rgb()).containsExactly(video.rgb());
  }

  @Test
  void gifOfManyColoursIsCloseAfterMedianCut() {
    Frames video = smooth(2, 64, 64);
    Path out = dir.resolve("smooth.gif");
    MediaIO.write(out, video, 1);
    assertThat(Psnr.of(video, MediaIO.read(out)).decibels()).isGreaterThan(32); // measured 34.4 dB
  }

  @Test
  void gifLoopsForeverAtTenFramesPerSecond() throws IOException {
    Path out = dir.resolve("loop.gif");
    MediaIO.write(out, fewColours(2, 5, 5, 4, 4), 1);
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(out.toFile())) {
      reader.setInput(in);
      for (int i = 0; i < 2; i++) {
        Node tree = reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
        IIOMetadataNode control = find(tree, "GraphicControlExtension");
        assertThat(control.getAttribute("delayTime")).isEqualTo("10");
      }
      Node first = reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
      IIOMetadataNode netscape = find(first, "ApplicationExtension");
      assertThat(netscape.getAttribute("applicationID")).isEqualTo("NETSCAPE");
      assertThat((byte[]) netscape.getUserObject()).containsExactly(1, 0, 0);
    } finally {
      reader.dispose();
    }
  }

  private static IIOMetadataNode find(Node node, String name) {
    if (node.getNodeName().equals(name)) {
      return (IIOMetadataNode) node;
    }
    for (Node n = node.getFirstChild(); n != null; n = n.getNextSibling()) {
      IIOMetadataNode found = find(n, name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  @Test
  void mp4RoundTripKeepsShapeAndIsClose() {
    Frames video = smooth(4, 48, 64);
    Path out = dir.resolve("v.mp4");
    MediaIO.write(out, video, 1);
    Frames back = MediaIO.read(out);
    assertThat(back.frames()).isEqualTo(4);
    assertThat(back.height()).isEqualTo(48);
    assertThat(back.width()).isEqualTo(64);
    assertThat(Psnr.of(video, back).decibels()).isGreaterThan(30);
  }

  @Test
  void mp4OfSizeNotAMultipleOf16KeepsItsSize() {
    Frames video = smooth(2, 30, 42);
    Path out = dir.resolve("odd.mp4");
    MediaIO.write(out, video, 1);
    Frames back = MediaIO.read(out);
    assertThat(back.height()).isEqualTo(30);
    assertThat(back.width()).isEqualTo(42);
    assertThat(Psnr.of(video, back).decibels()).isGreaterThan(30);
  }

  @Test
  void mp4BytesAreTheFileWriteMakes() throws IOException {
    Frames video = smooth(8, 16, 16);
    Path out = dir.resolve("same.mp4");
    MediaIO.write(out, video, 2);
    byte[] bytes = MediaIO.mp4(video, 2);
    assertThat(bytes).isEqualTo(Files.readAllBytes(out));
    // The answer is a playable file on its own: it reads back as the same frames.
    Path copy = dir.resolve("copy.mp4");
    Files.write(copy, bytes);
    Frames back = MediaIO.read(copy);
    assertThat(back.frames()).isEqualTo(8);
    assertThat(back.width()).isEqualTo(32);
  }

  @Test
  void unknownExtensionNamesTheAllowedOnes() {
    assertThatThrownBy(() -> MediaIO.write(dir.resolve("a.jpg"), fewColours(1, 2, 2, 2, 5), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.jpg").hasMessageContaining(".png, .gif, .mp4");
    assertThatThrownBy(() -> MediaIO.read(dir.resolve("a.bmp")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".png, .gif, .mp4");
  }

  @Test
  void videoCannotBeWrittenAsPng() {
    assertThatThrownBy(() -> MediaIO.write(dir.resolve("v.png"), fewColours(2, 2, 2, 2, 6), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".gif or .mp4");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void scaleBelowOneIsRejected() {
    assertThatThrownBy(() -> MediaIO.write(dir.resolve("a.png"), fewColours(1, 2, 2, 2, 7), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
  }

  @Test
  void missingOrCorruptFilesAreNamed() throws IOException {
    Path missing = dir.resolve("missing.png");
    assertThatThrownBy(() -> MediaIO.read(missing))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
    for (String name : new String[] {"bad.png", "bad.gif", "bad.mp4"}) {
      Path bad = Files.writeString(dir.resolve(name), "not media at all");
      assertThatThrownBy(() -> MediaIO.read(bad))
          .as(name).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.toString());
    }
  }

  @Test
  void failedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path out = dir.resolve("keep.png");
    Files.writeString(out, "old");
    assertThatThrownBy(() -> AtomicFile.write(out, temp -> {
      Files.writeString(temp, "half");
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(Files.readString(out)).isEqualTo("old");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void failedRenameLeavesNoTemporaryFile() throws IOException {
    Path blocked = dir.resolve("blocked.gif");
    Files.createDirectory(blocked);
    Files.writeString(blocked.resolve("inside"), "x"); // a non-empty directory cannot be replaced
    assertThatThrownBy(() -> MediaIO.write(blocked, fewColours(2, 4, 4, 3, 8), 1))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("blocked.gif");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(blocked);
    }
  }

  @Test
  void writtenFileIsReadableByOthersLikeAnyOutput() throws IOException {
    Path out = dir.resolve("perm.png");
    MediaIO.write(out, fewColours(1, 2, 2, 2, 11), 1);
    Assumptions.assumeTrue(
        Files.getFileStore(out).supportsFileAttributeView(PosixFileAttributeView.class),
        "file system has no POSIX permissions");
    assertThat(Files.getPosixFilePermissions(out))
        .contains(PosixFilePermission.OWNER_WRITE, PosixFilePermission.OTHERS_READ);
  }

  @Test
  void writeReplacesAnExistingFile() {
    Path out = dir.resolve("twice.png");
    MediaIO.write(out, fewColours(1, 4, 4, 3, 9), 1);
    Frames second = fewColours(1, 5, 6, 3, 10);
    MediaIO.write(out, second, 1);
    assertThat(MediaIO.read(out).rgb()).containsExactly(second.rgb());
  }
}
