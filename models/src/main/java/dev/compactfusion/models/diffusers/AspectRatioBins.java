package dev.compactfusion.models.diffusers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The image sizes PixArt's pipelines draw at besides the square one: PixArtAlphaPipeline's (and
 * Σ's) aspect-ratio bins, chosen by the transformer's sample size — the 1024 bins at 128, the 512
 * bins at 64, the 256 bins at 32. diffusers maps any asked size to the bin of the nearest aspect
 * ratio and resizes the decoded image back; this engine draws exactly a bin and refuses other
 * sizes with the list, so what is written is what the model drew. Sample sizes without published
 * bins (the Σ 2K model's 256, tiny test models) draw only their square.
 *
 * <p>The published 512 and 256 tables are the 1024 table halved and quartered entry by entry, so
 * one table is kept: {@code (height, width)} in pixels for the 1024 models, aspect ratio
 * height / width from 0.25 to 4.
 */
public final class AspectRatioBins {
  private static final int[][] BINS_1024 = {
      {512, 2048}, {512, 1856}, {576, 1792}, {576, 1728}, {576, 1664}, {640, 1600}, {640, 1536}, {704, 1472},
      {704, 1408}, {704, 1344}, {768, 1344}, {768, 1280}, {832, 1216}, {832, 1152}, {896, 1152}, {896, 1088},
      {960, 1088}, {960, 1024}, {1024, 1024}, {1024, 960}, {1088, 960}, {1088, 896}, {1152, 896}, {1152, 832},
      {1216, 832}, {1280, 768}, {1344, 768}, {1408, 704}, {1472, 704}, {1536, 640}, {1600, 640}, {1728, 576},
      {2048, 512},
  };
  private static final int BINS_1024_SAMPLE = 128;

  private AspectRatioBins() {}

  /** The bins of a transformer of {@code sampleSize}, as (height, width) pixel pairs; empty when it has none. */
  public static List<int[]> of(int sampleSize) {
    if (sampleSize != 128 && sampleSize != 64 && sampleSize != 32) {
      return List.of();
    }
    int divisor = BINS_1024_SAMPLE / sampleSize;
    List<int[]> bins = new ArrayList<>();
    for (int[] b : BINS_1024) {
      bins.add(new int[] {b[0] / divisor, b[1] / divisor});
    }
    return List.copyOf(bins);
  }

  /** The bin whose aspect ratio is nearest to {@code height / width}, as the pipeline's binning picks it. */
  public static Optional<int[]> nearest(int sampleSize, int height, int width) {
    double ratio = height / (double) width;
    return of(sampleSize).stream()
        .min(Comparator.comparingDouble(b -> Math.abs(b[0] / (double) b[1] - ratio)));
  }

  /** "512x2048, 512x1856, ..." (height x width). */
  public static String list(List<int[]> sizes) {
    StringBuilder out = new StringBuilder();
    for (int[] s : sizes) {
      out.append(out.length() == 0 ? "" : ", ").append(s[0]).append('x').append(s[1]);
    }
    return out.toString();
  }
}
