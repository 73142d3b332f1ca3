package dev.compactfusion.models.generate;

import dev.compactfusion.models.media.Frames;

/** A model family's decoder: the full final token sequence [tokens × patchDim] to pixels in [0, 1]. */
@FunctionalInterface
public interface Decoder {
  Frames decode(float[] tokens);
}
