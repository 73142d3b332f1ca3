package dev.compactfusion.models.eval;

import dev.compactfusion.models.media.Frames;
import java.util.List;

/**
 * Lays samples out as one still image: a grid of {@code columns} cells per row, a clip shown as a
 * filmstrip of its frames left to right, cells separated by a white gap.
 */
public final class SampleGrid {
  private static final int GAP = 2;

  private SampleGrid() {}

  public static Frames render(List<Frames> cells, int columns) {
    if (cells.isEmpty() || columns < 1) {
      throw new IllegalArgumentException("a grid needs at least one cell and one column");
    }
    Frames first = cells.get(0);
    int h = first.height();
    int cellWidth = first.frames() * first.width() + (first.frames() - 1);
    int rows = (cells.size() + columns - 1) / columns;
    int width = columns * cellWidth + (columns + 1) * GAP;
    int height = rows * h + (rows + 1) * GAP;
    float[] rgb = new float[width * height * 3];
    java.util.Arrays.fill(rgb, 1f);
    for (int i = 0; i < cells.size(); i++) {
      Frames f = cells.get(i);
      if (f.frames() != first.frames() || f.height() != h || f.width() != first.width()) {
        throw new IllegalArgumentException("grid cells must all have the same geometry");
      }
      int x0 = GAP + (i % columns) * (cellWidth + GAP);
      int y0 = GAP + (i / columns) * (h + GAP);
      for (int fr = 0; fr < f.frames(); fr++) {
        int fx = x0 + fr * (f.width() + 1);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < f.width(); x++) {
            int dst = ((y0 + y) * width + fx + x) * 3;
            System.arraycopy(f.rgb(), f.index(fr, y, x, 0), rgb, dst, 3);
          }
        }
      }
    }
    return new Frames(1, height, width, rgb);
  }
}
