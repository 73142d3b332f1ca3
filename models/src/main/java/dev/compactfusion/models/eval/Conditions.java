package dev.compactfusion.models.eval;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.config.ModelKind;
import dev.compactfusion.models.data.Direction;
import dev.compactfusion.models.data.Label;
import dev.compactfusion.models.data.Palette;
import dev.compactfusion.models.data.ShapeKind;
import java.util.ArrayList;
import java.util.List;

/** Every condition a shapes model knows, in a fixed order (colour, then shape, then direction). */
public final class Conditions {
  private Conditions() {}

  public static List<Label> all(ModelConfig config) {
    List<Label> out = new ArrayList<>();
    boolean video = config.kind() == ModelKind.VIDEO;
    for (int c = 0; c < Palette.COLOURS.size(); c++) {
      for (int s = 0; s < ShapeKind.values().length; s++) {
        if (video) {
          for (int d = 0; d < Direction.values().length; d++) {
            out.add(new Label(c, s, d));
          }
        } else {
          out.add(new Label(c, s, Label.NONE));
        }
      }
    }
    return out;
  }

  /** Attribute names in classifier-head order. */
  public static List<String> attributeNames(ModelConfig config) {
    return config.kind() == ModelKind.VIDEO
        ? List.of("colour", "shape", "motion") : List.of("colour", "shape");
  }
}
