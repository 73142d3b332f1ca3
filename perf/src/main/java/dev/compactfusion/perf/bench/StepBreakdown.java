package dev.compactfusion.perf.bench;

/**
 * One denoising step of one run: times averaged over the workers, bytes summed over them.
 */
public record StepBreakdown(int step, double computeSeconds, double commSeconds, double codecSeconds,
    long bytesSent, long bytesRaw) {}
