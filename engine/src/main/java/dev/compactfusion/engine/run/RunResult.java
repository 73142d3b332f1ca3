package dev.compactfusion.engine.run;

import dev.compactfusion.engine.stats.RunStats;
import dev.compactfusion.models.media.Frames;

/** The assembled image or video of a run and what it cost. */
public record RunResult(Frames frames, RunStats stats) {}
