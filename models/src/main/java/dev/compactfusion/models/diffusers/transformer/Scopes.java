package dev.compactfusion.models.diffusers.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.Function;

/**
 * NDManager scoping shared by the transformers of this package: every forward piece runs in a
 * sub-manager of its input's and hands only its result back, so temporaries never outlive it.
 */
final class Scopes {
  private Scopes() {}

  /** A copy of a caller's array in {@code scope}, so the operations on it land there too. */
  static NDArray local(NDManager scope, NDArray a) {
    NDArray copy = a.duplicate();
    copy.attach(scope);
    return copy;
  }

  /** Runs {@code body} in a sub-manager of {@code anchor}'s and keeps only its result. */
  static NDArray scoped(NDArray anchor, Function<NDManager, NDArray> body) {
    NDManager caller = anchor.getManager();
    try (NDManager scope = caller.newSubManager()) {
      NDArray out = body.apply(scope);
      out.attach(caller);
      return out;
    }
  }
}
