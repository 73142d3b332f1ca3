package dev.compactfusion.models.data;

import dev.compactfusion.models.media.Frames;

/** One procedural image or clip and what it shows. */
public record Sample(Frames frames, Label label) {}
