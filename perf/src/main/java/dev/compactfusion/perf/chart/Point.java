package dev.compactfusion.perf.chart;

/** One (x, y) sample of a {@link LineSeries}. */
public record Point(double x, double y) {
  public Point {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("point (" + x + ", " + y + ") must be finite");
    }
  }
}
