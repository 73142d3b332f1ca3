package dev.compactfusion.models.data;

import dev.compactfusion.models.media.Frames;
import java.util.SplittableRandom;

/**
 * The clip set: a shape crossing the frame in one of four directions at constant speed, from
 * near one edge to near the opposite one, over a fixed background. Clip {@code index} depends only
 * on (seed, index).
 */
public record ProceduralVideos(long seed, int size, int frames) implements Dataset {
  private static final long SALT = 2;

  public ProceduralVideos {
    if (size < 12) {
      throw new IllegalArgumentException("frame size must be at least 12 pixels, got " + size);
    }
    if (frames < 2) {
      throw new IllegalArgumentException("a clip needs at least 2 frames to move, got " + frames);
    }
  }

  @Override
  public Sample sample(long index) {
    SplittableRandom rng = Seeds.at(seed, SALT, index);
    Label label = new Label(rng.nextInt(Palette.COLOURS.size()),
        rng.nextInt(ShapeKind.values().length), rng.nextInt(Direction.values().length));
    return draw(rng, label);
  }

  /** A clip showing {@code label}, with the rest (track, size, background) from (seed, index). */
  @Override
  public Sample sample(long index, Label label) {
    if (label.direction() == Label.NONE) {
      throw new IllegalArgumentException("a clip needs a motion direction: " + label);
    }
    SplittableRandom rng = Seeds.at(seed, SALT, index);
    rng.nextInt(Palette.COLOURS.size());
    rng.nextInt(ShapeKind.values().length);
    rng.nextInt(Direction.values().length);
    return draw(rng, label);
  }

  private Sample draw(SplittableRandom rng, Label label) {
    Direction dir = Direction.values()[label.direction()];
    double half = rng.nextDouble(0.20 * size, 0.30 * size);
    double lo = half + 0.5;
    double hi = size - half - 0.5;
    // Along the motion axis the shape runs from lo to hi (or back); across it, it stays put.
    double across = rng.nextDouble(lo, hi);
    Canvas.Background bg = Canvas.Background.random(rng);
    float[] rgb = new float[frames * size * size * 3];
    for (int f = 0; f < frames; f++) {
      double progress = f / (double) (frames - 1);
      double along = lo + (hi - lo) * progress;
      double cx = dir.dx() == 0 ? across : (dir.dx() > 0 ? along : size - along);
      double cy = dir.dy() == 0 ? across : (dir.dy() > 0 ? along : size - along);
      Canvas.paint(rgb, f, size, bg, ShapeKind.values()[label.shape()],
          Palette.COLOURS.get(label.colour()), cx, cy, half);
    }
    return new Sample(new Frames(frames, size, size, rgb), label);
  }
}
