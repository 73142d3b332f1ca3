package dev.compactfusion.perf.bench;

import dev.compactfusion.engine.stats.RunStats;

/** A case ready to run: each call is one generation and what it cost. */
@FunctionalInterface
public interface CaseSession extends AutoCloseable {
  RunStats run(int runIndex);

  @Override
  default void close() {}
}
