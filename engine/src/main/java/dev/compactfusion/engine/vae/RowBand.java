package dev.compactfusion.engine.vae;

/**
 * A worker's contiguous rows of an image, {@code first} inclusive to {@code end} exclusive.
 * Bands are cut at latent resolution and scale with every ×2 upsampling, so a band's pixels are
 * exactly the pixels its latents decode to.
 */
public record RowBand(int first, int end) {
  public RowBand {
    if (first < 0 || end <= first) {
      throw new IllegalArgumentException("a row band needs 0 ≤ first < end, got [" + first + ", " + end + ")");
    }
  }

  /**
   * Band {@code rank} of {@code rows} split over {@code workers}: the first {@code rows % workers}
   * bands have one row more. Refuses more workers than rows, since an empty band has no rows to
   * give its neighbours as halo.
   */
  public static RowBand split(int rows, int workers, int rank) {
    if (workers < 1 || rank < 0 || rank >= workers) {
      throw new IllegalArgumentException("rank " + rank + " of " + workers + " workers");
    }
    if (workers > rows) {
      throw new IllegalArgumentException("cannot split " + rows + " latent rows over " + workers
          + " workers: every worker needs at least one row (use at most " + rows + " workers for the VAE decode)");
    }
    int base = rows / workers;
    int extra = rows % workers;
    int first = rank * base + Math.min(rank, extra);
    return new RowBand(first, first + base + (rank < extra ? 1 : 0));
  }

  public int rows() {
    return end - first;
  }

  /** The same band after the image is upsampled {@code factor} times in height. */
  public RowBand scaled(int factor) {
    return new RowBand(first * factor, end * factor);
  }
}
