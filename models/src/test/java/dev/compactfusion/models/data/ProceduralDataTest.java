package dev.compactfusion.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.models.media.Frames;
import org.junit.jupiter.api.Test;

class ProceduralDataTest {

  @Test
  void sameSeedAndIndexGiveTheSameSampleWhateverWasDrawnBefore() {
    ProceduralImages images = new ProceduralImages(7, 32);
    images.sample(3);
    Sample a = images.sample(11);
    Sample b = new ProceduralImages(7, 32).sample(11);
    assertThat(a.frames().rgb()).containsExactly(b.frames().rgb());
    assertThat(a.label()).isEqualTo(b.label());
    Sample other = new ProceduralImages(8, 32).sample(11);
    assertThat(other.frames().rgb()).isNotEqualTo(a.frames().rgb());

    Sample clip = new ProceduralVideos(7, 16, 8).sample(5);
    assertThat(new ProceduralVideos(7, 16, 8).sample(5).frames().rgb())
        .containsExactly(clip.frames().rgb());
  }

  @Test
  void labelsCoverEveryColourShapeAndDirection() {
    ProceduralVideos videos = new ProceduralVideos(1, 16, 8);
    boolean[][][] seen = new boolean[Palette.COLOURS.size()][ShapeKind.values().length][4];
    for (int i = 0; i < 2000; i++) {
      Label l = videos.sample(i).label();
      seen[l.colour()][l.shape()][l.direction()] = true;
    }
    for (boolean[][] byShape : seen) {
      for (boolean[] byDir : byShape) {
        assertThat(byDir).containsOnly(true);
      }
    }
  }

  @Test
  void theShapeIsPaintedInItsLabelledColourAndNoOtherPaletteColourAppears() {
    ProceduralImages images = new ProceduralImages(3, 32);
    for (int i = 0; i < 60; i++) {
      Sample s = images.sample(i);
      int own = 0;
      for (int c = 0; c < Palette.COLOURS.size(); c++) {
        int near = countNear(s.frames(), 0, Palette.COLOURS.get(c), 0.06);
        if (c == s.label().colour()) {
          own = near;
        } else {
          assertThat(near).as("pixels of %s in a %s sample", Palette.COLOURS.get(c).word(),
              s.label().prompt()).isZero();
        }
      }
      // The smallest shape (half-size 6.4 px, a triangle) still has > 30 fully covered pixels.
      assertThat(own).as("pixels of the labelled colour in %s", s.label().prompt())
          .isGreaterThan(30);
    }
  }

  @Test
  void shapeKindsHaveTheirCharacteristicFillAndBalance() {
    ProceduralImages images = new ProceduralImages(5, 32);
    for (ShapeKind kind : ShapeKind.values()) {
      Sample s = images.sample(0, new Label(0, kind.ordinal(), Label.NONE));
      Mask m = Mask.of(s.frames(), 0, Palette.COLOURS.get(0));
      double fill = m.count / (double) (m.width() * m.height());
      double centreOffset = (m.centroidY() - (m.minY + m.maxY) / 2.0) / m.height();
      switch (kind) {
        case SQUARE -> assertThat(fill).isGreaterThan(0.95);
        case CIRCLE -> assertThat(fill).isBetween(0.70, 0.85);
        case CROSS -> assertThat(fill).isBetween(0.45, 0.65);
        case TRIANGLE -> {
          assertThat(fill).isBetween(0.40, 0.62);
          assertThat(centreOffset).as("triangle mass sits low (apex up)").isGreaterThan(0.08);
        }
        default -> throw new AssertionError(kind);
      }
      if (kind != ShapeKind.TRIANGLE) {
        assertThat(Math.abs(centreOffset)).isLessThan(0.05);
      }
    }
  }

  @Test
  void theShapeMovesInTheLabelledDirection() {
    ProceduralVideos videos = new ProceduralVideos(9, 16, 8);
    for (int i = 0; i < 40; i++) {
      Sample s = videos.sample(i);
      Direction dir = Direction.values()[s.label().direction()];
      Palette.Colour colour = Palette.COLOURS.get(s.label().colour());
      Mask first = Mask.of(s.frames(), 0, colour);
      Mask last = Mask.of(s.frames(), 7, colour);
      double dx = last.centroidX() - first.centroidX();
      double dy = last.centroidY() - first.centroidY();
      assertThat(dx * dir.dx() + dy * dir.dy()).as("travel along %s", dir).isGreaterThan(3.0);
      assertThat(Math.abs(dx * dir.dy()) + Math.abs(dy * dir.dx())).as("drift across %s", dir)
          .isLessThan(0.5);
    }
  }

  private static int countNear(Frames f, int frame, Palette.Colour c, double tol) {
    return Mask.of(f, frame, c, tol).count;
  }

  /** Pixels of one frame close to a colour, with their bounding box and centroid. */
  private record Mask(int count, double sumX, double sumY, int minX, int maxX, int minY, int maxY) {
    static Mask of(Frames f, int frame, Palette.Colour c) {
      return of(f, frame, c, 0.06);
    }

    static Mask of(Frames f, int frame, Palette.Colour c, double tol) {
      int count = 0;
      double sx = 0;
      double sy = 0;
      int minX = Integer.MAX_VALUE;
      int maxX = -1;
      int minY = Integer.MAX_VALUE;
      int maxY = -1;
      float[] rgb = f.rgb();
      for (int y = 0; y < f.height(); y++) {
        for (int x = 0; x < f.width(); x++) {
          int i = f.index(frame, y, x, 0);
          if (Math.abs(rgb[i] - c.r()) < tol && Math.abs(rgb[i + 1] - c.g()) < tol
              && Math.abs(rgb[i + 2] - c.b()) < tol) {
            count++;
            sx += x;
            sy += y;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
          }
        }
      }
      return new Mask(count, sx, sy, minX, maxX, minY, maxY);
    }

    int width() {
      return maxX - minX + 1;
    }

    int height() {
      return maxY - minY + 1;
    }

    double centroidX() {
      return sumX / count;
    }

    double centroidY() {
      return sumY / count;
    }
  }
}
