package dev.compactfusion.comms.transport.mesh;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * The future a communicator hands out: waiting on it with {@code join}/{@code get} adds the
 * time the caller actually spent blocked to the statistics, so overlapped communication that
 * finished during compute counts as zero blocked time.
 */
final class TimedFuture<T> extends CompletableFuture<T> {
  private final LongConsumer blockedNanos;

  TimedFuture(LongConsumer blockedNanos) {
    this.blockedNanos = blockedNanos;
  }

  static <T> TimedFuture<T> of(CompletableFuture<T> source, LongConsumer blockedNanos) {
    TimedFuture<T> f = new TimedFuture<>(blockedNanos);
    source.whenComplete((v, e) -> {
      if (e != null) {
        f.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null
            ? e.getCause() : e);
      } else {
        f.complete(v);
      }
    });
    return f;
  }

  @Override
  public T join() {
    if (isDone()) {
      return super.join();
    }
    long start = System.nanoTime();
    try {
      return super.join();
    } finally {
      blockedNanos.accept(System.nanoTime() - start);
    }
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    if (isDone()) {
      return super.get();
    }
    long start = System.nanoTime();
    try {
      return super.get();
    } finally {
      blockedNanos.accept(System.nanoTime() - start);
    }
  }

  @Override
  public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    if (isDone()) {
      return super.get(timeout, unit);
    }
    long start = System.nanoTime();
    try {
      return super.get(timeout, unit);
    } finally {
      blockedNanos.accept(System.nanoTime() - start);
    }
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }
}
