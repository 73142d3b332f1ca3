package dev.compactfusion.perf.bench;

/** One cell of the matrix: a method on a number of workers over a link. */
public record BenchCase(MethodSpec method, int workers, LinkSetting link) {
  public BenchCase {
    if (method == null || link == null) {
      throw new IllegalArgumentException("a bench case needs a method and a link");
    }
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
    }
  }

  /** e.g. "ring x4 @ 100mbit". */
  public String label() {
    return method.name() + " x" + workers + " @ " + link.name();
  }
}
