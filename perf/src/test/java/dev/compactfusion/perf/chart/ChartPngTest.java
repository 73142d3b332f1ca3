package dev.compactfusion.perf.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartPngTest {
  @TempDir Path dir;

  private static int pixelsOf(BufferedImage image, Color colour) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == (colour.getRGB() & 0xffffff)) {
          n++;
        }
      }
    }
    return n;
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  @Test
  void groupedBarChartWithErrorBarsIsDrawn() throws IOException {
    BarChart chart = new BarChart("Latency per step", "method", "ms", List.of(
        new Bar("1 Gbit/s", "serial", 120, 4), new Bar("1 Gbit/s", "ring", 70, 3),
        new Bar("100 Mbit/s", "serial", 120, 4), new Bar("100 Mbit/s", "ring", 160, 9)));
    Path out = dir.resolve("bars.png");
    ChartPng.write(out, chart, 640, 400);
    BufferedImage image = ImageIO.read(out.toFile());
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(400);
    assertThat(distinctColours(image)).isGreaterThan(10);
    // Both series' bars are filled with their palette colours: thousands of pixels each.
    assertThat(pixelsOf(image, Chart.colour(0))).isGreaterThan(2000);
    assertThat(pixelsOf(image, Chart.colour(1))).isGreaterThan(2000);
  }

  @Test
  void logLineChartIsDrawnAndNoTemporaryFileRemains() throws IOException {
    LineChart chart = new LineChart("Speedup vs bandwidth", "Mbit/s", "speedup", List.of(
        new LineSeries("raw", List.of(new Point(10, 0.4), new Point(100, 1.1), new Point(1000, 1.8))),
        new LineSeries("1bit", List.of(new Point(10, 1.2), new Point(100, 1.7), new Point(1000, 1.9)))),
        true);
    Path out = dir.resolve("lines.png");
    ChartPng.write(out, chart);
    BufferedImage image = ImageIO.read(out.toFile());
    assertThat(image.getWidth()).isEqualTo(ChartPng.DEFAULT_WIDTH);
    assertThat(image.getHeight()).isEqualTo(ChartPng.DEFAULT_HEIGHT);
    assertThat(pixelsOf(image, Chart.colour(0))).isGreaterThan(100);
    assertThat(pixelsOf(image, Chart.colour(1))).isGreaterThan(100);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void failedWriteLeavesNoTemporaryFile() throws IOException {
    Path blocked = Files.createDirectory(dir.resolve("blocked.png"));
    Files.writeString(blocked.resolve("inside"), "x");
    BarChart chart = new BarChart("t", "c", "v", List.of(Bar.of("s", "a", 1)));
    assertThatThrownBy(() -> ChartPng.write(blocked, chart))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("blocked.png");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(blocked);
    }
  }

  @Test
  void invalidChartsAreRejected() {
    assertThatThrownBy(() -> new Bar("s", "c", 1, -1)).hasMessageContaining("error >= 0");
    assertThatThrownBy(() -> new BarChart("t", "c", "v", List.of(Bar.of("s", "a", 1), Bar.of("s", "a", 2))))
        .hasMessageContaining("two bars");
    assertThatThrownBy(() -> new LineChart("t", "x", "y",
        List.of(new LineSeries("s", List.of(new Point(0, 1)))), true)).hasMessageContaining("x <= 0");
    assertThatThrownBy(() -> new Point(Double.NaN, 1)).hasMessageContaining("finite");
  }
}
