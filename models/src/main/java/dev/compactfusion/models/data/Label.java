package dev.compactfusion.models.data;

/**
 * What a procedural sample shows, as indices into {@link Palette#COLOURS}, {@link ShapeKind} and
 * {@link Direction}; {@code direction} is {@link #NONE} for still images.
 */
public record Label(int colour, int shape, int direction) {
  public static final int NONE = -1;

  public Label {
    if (colour < 0 || colour >= Palette.COLOURS.size()) {
      throw new IllegalArgumentException("colour index " + colour + " outside 0.."
          + (Palette.COLOURS.size() - 1));
    }
    if (shape < 0 || shape >= ShapeKind.values().length) {
      throw new IllegalArgumentException("shape index " + shape + " outside 0.."
          + (ShapeKind.values().length - 1));
    }
    if (direction < NONE || direction >= Direction.values().length) {
      throw new IllegalArgumentException("direction index " + direction + " outside -1.."
          + (Direction.values().length - 1));
    }
  }

  /** Attribute {@code i} in classifier-head order: 0 colour, 1 shape, 2 direction. */
  public int attribute(int i) {
    return switch (i) {
      case 0 -> colour;
      case 1 -> shape;
      case 2 -> direction;
      default -> throw new IllegalArgumentException("no attribute " + i + "; there are 3");
    };
  }

  /** The prompt that names this sample, e.g. "red circle" or "blue square moving left". */
  public String prompt() {
    String words = Palette.COLOURS.get(colour).word() + " " + ShapeKind.values()[shape].word();
    return direction == NONE ? words : words + " " + Direction.values()[direction].phrase();
  }
}
