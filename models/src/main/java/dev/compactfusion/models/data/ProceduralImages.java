package dev.compactfusion.models.data;

import dev.compactfusion.models.media.Frames;
import java.util.SplittableRandom;

/**
 * The still-image set: one shape of one palette colour on a grey background, random size and
 * position. Sample {@code index} depends only on (seed, index).
 */
public record ProceduralImages(long seed, int size) implements Dataset {
  private static final long SALT = 1;

  public ProceduralImages {
    if (size < 16) {
      throw new IllegalArgumentException("image size must be at least 16 pixels, got " + size);
    }
  }

  @Override
  public Sample sample(long index) {
    SplittableRandom rng = Seeds.at(seed, SALT, index);
    Label label = new Label(rng.nextInt(Palette.COLOURS.size()),
        rng.nextInt(ShapeKind.values().length), Label.NONE);
    return draw(rng, label);
  }

  /** A sample showing {@code label}, with the rest (position, size, background) from (seed, index). */
  @Override
  public Sample sample(long index, Label label) {
    SplittableRandom rng = Seeds.at(seed, SALT, index);
    rng.nextInt(Palette.COLOURS.size());
    rng.nextInt(ShapeKind.values().length);
    return draw(rng, label);
  }

  @Override
  public int frames() {
    return 1;
  }

  private Sample draw(SplittableRandom rng, Label label) {
    double half = rng.nextDouble(0.20 * size, 0.34 * size);
    double cx = rng.nextDouble(half + 1, size - half - 1);
    double cy = rng.nextDouble(half + 1, size - half - 1);
    Canvas.Background bg = Canvas.Background.random(rng);
    float[] rgb = new float[size * size * 3];
    Canvas.paint(rgb, 0, size, bg, ShapeKind.values()[label.shape()],
        Palette.COLOURS.get(label.colour()), cx, cy, half);
    return new Sample(new Frames(1, size, size, rgb), label);
  }
}
