package dev.compactfusion.models.data;

import java.util.List;

/**
 * The shape colours of the procedural data, in vocabulary order. They are far apart in RGB and all
 * saturated, so none can be mistaken for the (grey, dark) backgrounds.
 */
public final class Palette {
  /** One named colour, RGB in [0, 1]. */
  public record Colour(String word, float r, float g, float b) {}

  public static final List<Colour> COLOURS = List.of(
      new Colour("red", 0.92f, 0.12f, 0.10f),
      new Colour("green", 0.12f, 0.80f, 0.18f),
      new Colour("blue", 0.15f, 0.30f, 0.98f),
      new Colour("yellow", 0.96f, 0.88f, 0.10f),
      new Colour("magenta", 0.88f, 0.15f, 0.85f),
      new Colour("cyan", 0.10f, 0.85f, 0.90f));

  private Palette() {}
}
