package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.transport.PeerFailureException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What the launcher saw go wrong with its workers. When one worker dies or stalls, its peers fail
 * next, each blaming the peer it was waiting for, and that may itself be a worker that only
 * failed because of another (a ring passes the wait along). So the log keeps every worker's
 * failure with whom it blamed, and {@link #culpritBehind} follows the blame to the worker that
 * failed on its own.
 */
public final class Failures {
  /**
   * One worker's failure; {@code blamed} is the peer it failed waiting for, or -1 when the
   * problem was its own (it threw, was killed, could not load).
   */
  public record Failure(int rank, String message, int blamed) {
    public boolean rootCause() {
      return blamed < 0;
    }
  }

  private final Map<Integer, Failure> byRank = new ConcurrentHashMap<>();
  private volatile Failure firstRoot;
  private volatile Failure firstUnranked;

  void record(int rank, Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && !(cause instanceof PeerFailureException) && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    record(new Failure(rank, message, cause instanceof PeerFailureException p ? p.peerRank() : -1));
  }

  synchronized void record(Failure f) {
    if (f.rank() < 0) {
      if (firstUnranked == null) {
        firstUnranked = f;
      }
    } else {
      byRank.putIfAbsent(f.rank(), f);
      if (f.rootCause() && firstRoot == null) {
        firstRoot = f;
      }
    }
    notifyAll();
  }

  /** The first worker that failed on its own (also one whose rank was not known yet). */
  public Optional<Failure> rootCause() {
    return Optional.ofNullable(firstRoot != null ? firstRoot : firstUnranked);
  }

  /**
   * The root cause, waiting up to {@code grace} for one to be recorded: when a worker is killed its
   * connection may close, and fail the caller, a moment before the launcher sees the process exit.
   */
  public synchronized Optional<Failure> rootCause(Duration grace) {
    awaitRecorded(() -> rootCause().isPresent(), System.nanoTime() + grace.toNanos());
    return rootCause();
  }

  public Optional<Failure> of(int rank) {
    return Optional.ofNullable(byRank.get(rank));
  }

  /** Follows "failed waiting for" from {@code rank} to a worker that did not blame another. */
  public int culpritBehind(int rank) {
    return culpritBehind(rank, Duration.ZERO);
  }

  /**
   * The same, giving each worker on the way up to {@code grace} (in total) to have its failure
   * reported: a process's exit is noticed a moment after its connection closes.
   */
  public synchronized int culpritBehind(int rank, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    Set<Integer> seen = new HashSet<>();
    int r = rank;
    while (seen.add(r)) {
      int waitingFor = r;
      if (!awaitRecorded(() -> byRank.containsKey(waitingFor), deadline)) {
        return r;
      }
      Failure f = byRank.get(r);
      if (f == null || f.rootCause()) {
        return r;
      }
      r = f.blamed();
    }
    return rank;
  }

  /**
   * Waits (holding this monitor, which {@link #record} notifies) until {@code recorded} holds or
   * the deadline passes; false only if interrupted.
   */
  private boolean awaitRecorded(BooleanSupplier recorded, long deadlineNanos) {
    while (!recorded.getAsBoolean() && System.nanoTime() < deadlineNanos) {
      try {
        wait(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
