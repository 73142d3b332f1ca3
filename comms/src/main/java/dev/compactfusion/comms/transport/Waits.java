package dev.compactfusion.comms.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one way to wait on a communicator's future. The communicator already fails its futures after
 * its timeout; the extra bound here only guards against a backend that forgets to, so no wait is
 * unbounded. A failure is rethrown as it was raised (e.g. the {@code PeerFailureException} naming
 * the worker), not wrapped; {@code what} names the wait in the errors this adds.
 */
public final class Waits {
  private Waits() {}

  public static <T> T await(CompletableFuture<T> future, Communicator comm, String what) {
    return await(future, comm, () -> what);
  }

  /**
   * The same, with the wait's name built only when it fails: the exchanges wait once per layer and
   * step, and must not format a message for every wait that succeeds.
   */
  public static <T> T await(CompletableFuture<T> future, Communicator comm, Supplier<String> what) {
    long limitMillis = comm.timeout().toMillis() * 2 + 1000;
    try {
      return future.get(limitMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(what.get() + " failed: " + cause, cause);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new IllegalStateException(what.get() + " did not finish within " + limitMillis + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what.get() + " was interrupted", e);
    }
  }
}
