package dev.compactfusion.perf.bench;

import dev.compactfusion.engine.stats.RunStats;

/** Runs one generation of a case and reports what it cost. */
@FunctionalInterface
public interface CaseRunner {
  RunStats run(BenchCase c, int runIndex);
}
