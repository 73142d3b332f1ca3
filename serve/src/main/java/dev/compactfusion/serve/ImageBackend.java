package dev.compactfusion.serve;

import dev.compactfusion.engine.pool.WarmPool;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.sampling.StepListener;

/**
 * What one pool does for the server: one image (or video) per call, one call at a time (the
 * server never calls a backend from two threads), telling {@code listener} after each step, and
 * how often it had to replace its workers. A listener may throw
 * {@link java.util.concurrent.CancellationException} to cancel; the backend then throws it on.
 */
@FunctionalInterface
public interface ImageBackend {
  RunResult generate(GenerationRequest request, StepListener listener);

  /** The parallel plan the pool runs, as {@code /v1/models} shows it. */
  default String plan() {
    return "custom";
  }

  /** Times the workers were launched again after a failure (0 for a backend that never does). */
  default int restarts() {
    return 0;
  }

  /** A warm pool as a backend. */
  static ImageBackend of(WarmPool pool) {
    return new ImageBackend() {
      @Override
      public RunResult generate(GenerationRequest request, StepListener listener) {
        return pool.generate(request, listener);
      }

      @Override
      public String plan() {
        return pool.plan().label();
      }

      @Override
      public int restarts() {
        return pool.restarts();
      }
    };
  }
}
