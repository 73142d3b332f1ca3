package dev.compactfusion.perf.chart;

import java.util.List;
import java.util.Objects;

/** A named line through {@code points}, drawn in the order given. */
public record LineSeries(String name, List<Point> points) {
  public LineSeries {
    Objects.requireNonNull(name, "name");
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("series '" + name + "' has no points");
    }
  }
}
