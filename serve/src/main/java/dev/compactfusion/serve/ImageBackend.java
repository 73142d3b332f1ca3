package dev.compactfusion.serve;

import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.models.generate.GenerationRequest;

/**
 * What one pool does for the server: one image per call, one call at a time (the server never
 * calls a backend from two threads). In production a {@code WarmPool}.
 */
@FunctionalInterface
public interface ImageBackend {
  RunResult generate(GenerationRequest request);
}
