package dev.compactfusion.serve;

import dev.compactfusion.engine.pool.WarmPool;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.sampling.StepListener;

/**
 * What one pool does for the server: one image per call, one call at a time (the server never
 * calls a backend from two threads), and how often it had to replace its workers.
 */
@FunctionalInterface
public interface ImageBackend {
  RunResult generate(GenerationRequest request);

  /** Times the workers were launched again after a failure (0 for a backend that never does). */
  default int restarts() {
    return 0;
  }

  /** A warm pool as a backend. */
  static ImageBackend of(WarmPool pool) {
    return new ImageBackend() {
      @Override
      public RunResult generate(GenerationRequest request) {
        return pool.generate(request, StepListener.NONE);
      }

      @Override
      public int restarts() {
        return pool.restarts();
      }
    };
  }
}
