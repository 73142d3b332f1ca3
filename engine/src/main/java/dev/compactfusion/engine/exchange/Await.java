package dev.compactfusion.engine.exchange;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waits for a communicator future. The communicator bounds every wait by its timeout, so this
 * never blocks forever; a failure is rethrown as it was raised (e.g. the
 * {@code PeerFailureException} naming the worker), not wrapped.
 */
final class Await {
  private Await() {}

  static <T> T result(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
