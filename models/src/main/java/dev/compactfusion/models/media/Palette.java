package dev.compactfusion.models.media;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The at most 256 colours of one GIF frame. A frame with at most 256 distinct colours keeps them
 * all, so it survives a GIF round trip exactly; a frame with more is reduced by median cut
 * (Heckbert): the box of colours with the widest channel range is split at its pixel-weighted
 * median until there are 256 boxes, and each colour becomes its box's pixel-weighted mean.
 */
final class Palette {
  static final int MAX_COLOURS = 256;

  private final int[] colours;
  private final Map<Integer, Integer> indexOf;

  private Palette(int[] colours, Map<Integer, Integer> indexOf) {
    this.colours = colours;
    this.indexOf = indexOf;
  }

  static Palette of(BufferedImage image) {
    int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    Map<Integer, Integer> counts = new HashMap<>();
    for (int pixel : pixels) {
      counts.merge(pixel & 0xffffff, 1, Integer::sum);
    }
    int[] distinct = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    if (distinct.length <= MAX_COLOURS) {
      Map<Integer, Integer> index = new HashMap<>();
      for (int i = 0; i < distinct.length; i++) {
        index.put(distinct[i], i);
      }
      return new Palette(distinct, index);
    }
    return medianCut(distinct, counts);
  }

  /** The frame as an 8-bit indexed image over this palette (padded to 256 entries). */
  BufferedImage index(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] r = new byte[MAX_COLOURS];
    byte[] g = new byte[MAX_COLOURS];
    byte[] b = new byte[MAX_COLOURS];
    for (int i = 0; i < colours.length; i++) {
      r[i] = (byte) (colours[i] >> 16);
      g[i] = (byte) (colours[i] >> 8);
      b[i] = (byte) colours[i];
    }
    IndexColorModel model = new IndexColorModel(8, MAX_COLOURS, r, g, b);
    BufferedImage indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, model);
    WritableRaster raster = indexed.getRaster();
    int[] row = new int[width];
    int[] indices = new int[width];
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        indices[x] = indexOf.get(row[x] & 0xffffff);
      }
      raster.setPixels(0, y, width, 1, indices);
    }
    return indexed;
  }

  private static Palette medianCut(int[] distinct, Map<Integer, Integer> counts) {
    List<Box> boxes = new ArrayList<>();
    boxes.add(Box.of(distinct));
    while (boxes.size() < MAX_COLOURS) {
      Box widest = boxes.stream().filter(b -> b.colours.length > 1)
          .max(Comparator.comparingInt(b -> b.range)).orElse(null);
      if (widest == null || widest.range == 0) {
        break;
      }
      boxes.remove(widest);
      boxes.addAll(widest.split(counts));
    }
    int[] colours = new int[boxes.size()];
    Map<Integer, Integer> index = new HashMap<>();
    for (int i = 0; i < boxes.size(); i++) {
      colours[i] = weightedMean(boxes.get(i).colours, counts);
      for (int colour : boxes.get(i).colours) {
        index.put(colour, i);
      }
    }
    return new Palette(colours, index);
  }

  /** Distinct colours of one median-cut box, with the channel of widest range (as a bit shift). */
  private static final class Box {
    final int[] colours;
    final int shift;
    final int range;

    private Box(int[] colours, int shift, int range) {
      this.colours = colours;
      this.shift = shift;
      this.range = range;
    }

    static Box of(int[] colours) {
      int shift = widestChannel(colours);
      return new Box(colours, shift, range(colours, shift));
    }

    List<Box> split(Map<Integer, Integer> counts) {
      Integer[] sorted = Arrays.stream(colours).boxed().toArray(Integer[]::new);
      Arrays.sort(sorted,
          Comparator.comparingInt((Integer c) -> channel(c, shift)).thenComparingInt(c -> c));
      long total = 0;
      for (int colour : colours) {
        total += counts.get(colour);
      }
      long seen = 0;
      int cut = 1;
      for (int i = 0; i < sorted.length - 1; i++) {
        seen += counts.get(sorted[i]);
        cut = i + 1;
        if (2 * seen >= total) {
          break;
        }
      }
      int[] all = Arrays.stream(sorted).mapToInt(Integer::intValue).toArray();
      return List.of(Box.of(Arrays.copyOfRange(all, 0, cut)),
          Box.of(Arrays.copyOfRange(all, cut, all.length)));
    }
  }

  /** The bit shift (16 red, 8 green, 0 blue) of the channel with the largest range in the box. */
  private static int widestChannel(int[] box) {
    int best = 16;
    for (int shift : new int[] {8, 0}) {
      if (range(box, shift) > range(box, best)) {
        best = shift;
      }
    }
    return best;
  }

  private static int range(int[] box, int shift) {
    int min = 255;
    int max = 0;
    for (int colour : box) {
      min = Math.min(min, channel(colour, shift));
      max = Math.max(max, channel(colour, shift));
    }
    return max - min;
  }

  private static int channel(int colour, int shift) {
    return (colour >> shift) & 0xff;
  }

  private static int weightedMean(int[] box, Map<Integer, Integer> counts) {
    long total = 0;
    long[] sums = new long[3];
    for (int colour : box) {
      int n = counts.get(colour);
      total += n;
      sums[0] += (long) n * channel(colour, 16);
      sums[1] += (long) n * channel(colour, 8);
      sums[2] += (long) n * channel(colour, 0);
    }
    int red = (int) Math.round((double) sums[0] / total);
    int green = (int) Math.round((double) sums[1] / total);
    int blue = (int) Math.round((double) sums[2] / total);
    return red << 16 | green << 8 | blue;
  }
}
