package dev.compactfusion.perf.bench;

/**
 * Gets one case of a matrix ready to run (for the engine: its workers started, the model loaded and
 * the code warmed once); the matrix runs the case's warm-up and timed runs on the returned session
 * and closes it before the next case.
 */
@FunctionalInterface
public interface CaseRunner {
  CaseSession open(BenchCase c);
}
