package dev.compactfusion.models.data;

/**
 * The shape kinds, in vocabulary order. Each is a region of the square [-1, 1]² in coordinates
 * relative to the shape's centre and half-size, sized so that all four cover similar areas.
 */
public enum ShapeKind {
  CIRCLE("circle") {
    @Override
    boolean covers(double u, double v) {
      return u * u + v * v <= 1.0;
    }
  },
  SQUARE("square") {
    @Override
    boolean covers(double u, double v) {
      return Math.abs(u) <= 0.85 && Math.abs(v) <= 0.85;
    }
  },
  TRIANGLE("triangle") {
    @Override
    boolean covers(double u, double v) {
      // Apex up (v grows downwards, like image rows); base at v = 0.8, apex at v = -1.
      if (v < -1.0 || v > 0.8) {
        return false;
      }
      double halfWidth = (v + 1.0) / 1.8;
      return Math.abs(u) <= halfWidth;
    }
  },
  CROSS("cross") {
    @Override
    boolean covers(double u, double v) {
      boolean inBox = Math.abs(u) <= 1.0 && Math.abs(v) <= 1.0;
      return inBox && (Math.abs(u) <= 0.34 || Math.abs(v) <= 0.34);
    }
  };

  private final String word;

  ShapeKind(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  /** Whether the point (u, v), relative to centre and half-size, lies inside the shape. */
  abstract boolean covers(double u, double v);
}
