package dev.compactfusion.models.data;

/** An endless, seeded set of samples: item {@code index} is always the same. */
public interface Dataset {
  Sample sample(long index);

  /** Item {@code index}'s layout (position, size, background) showing {@code label} instead. */
  Sample sample(long index, Label label);

  int size();

  int frames();

  /** Heads a classifier of this set has: colour, shape, and motion for clips. */
  default int[] attributeSizes() {
    return frames() > 1
        ? new int[] {Palette.COLOURS.size(), ShapeKind.values().length, Direction.values().length}
        : new int[] {Palette.COLOURS.size(), ShapeKind.values().length};
  }
}
