package dev.compactfusion.engine.worker;

import dev.compactfusion.engine.stats.WorkerStats;

/** What a worker ends with: its final token slice ([tokens, patchDim] row-major) and its report. */
public record WorkerOutput(float[] tokens, WorkerStats stats) {}
