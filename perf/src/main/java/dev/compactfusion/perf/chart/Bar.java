package dev.compactfusion.perf.chart;

import java.util.Objects;

/**
 * One bar: {@code value} of {@code series} at {@code category}, with an error bar of ± {@code
 * error} (0 for none). Bars of different series at the same category stand side by side.
 */
public record Bar(String series, String category, double value, double error) {
  public Bar {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(category, "category");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("bar " + series + "/" + category + " has value " + value);
    }
    if (!(error >= 0) || Double.isInfinite(error)) {
      throw new IllegalArgumentException(
          "bar " + series + "/" + category + " needs a finite error >= 0, got " + error);
    }
  }

  /** A bar without an error bar. */
  public static Bar of(String series, String category, double value) {
    return new Bar(series, category, value, 0);
  }
}
