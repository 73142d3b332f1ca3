package dev.compactfusion.perf.latency;

import java.util.Arrays;
import java.util.Locale;

/** Seconds of repeated timed runs, summarised the way every report here gives them: median (min–max). */
record RunSeconds(double[] seconds) {
  RunSeconds {
    if (seconds.length == 0) {
      throw new IllegalArgumentException("no timed runs");
    }
    seconds = seconds.clone();
  }

  double median() {
    double[] s = seconds.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  double min() {
    return Arrays.stream(seconds).min().orElseThrow();
  }

  double max() {
    return Arrays.stream(seconds).max().orElseThrow();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.3f s (%.3f–%.3f, %d runs)", median(), min(), max(), seconds.length);
  }
}
