package dev.compactfusion.serve;

import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.models.sampling.StepListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one queue every pool takes from: bounded, so a full queue is an immediate refusal rather
 * than a wait the client cannot see; one runner thread per pool takes the next job when its pool
 * is free, so K pools serve K requests at once. Counts accepted jobs until they are answered, so
 * a drain knows when the last one is done. A cancelled job leaves the queue at once; a running
 * one stops after its current step (see {@link Job#cancel}).
 */
final class JobQueue {
  private final ArrayBlockingQueue<Job> waiting;
  private final List<Thread> runners = new ArrayList<>();
  private final List<ImageBackend> pools = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final Set<Job> active = ConcurrentHashMap.newKeySet();
  private int unanswered;

  JobQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("--queue must be at least 1, got " + capacity);
    }
    waiting = new ArrayBlockingQueue<>(capacity);
  }

  /** Starts one runner per pool. */
  synchronized void start(List<ImageBackend> backends) {
    pools.addAll(backends);
    for (int i = 0; i < backends.size(); i++) {
      ImageBackend pool = backends.get(i);
      Thread t = new Thread(() -> run(pool), "compactfusion-serve-pool-" + i);
      t.setDaemon(true);
      runners.add(t);
      t.start();
    }
  }

  /** False when the queue is full (the caller answers 429). */
  boolean offer(Job job) {
    synchronized (this) {
      unanswered++;
    }
    if (waiting.offer(job)) {
      return true;
    }
    answered();
    return false;
  }

  /**
   * Cancels {@code job}: true when it was waiting and is now answered as cancelled, false when a
   * pool is running it (it stops after its current step) or it had already finished.
   */
  boolean cancel(Job job) {
    if (!job.cancel()) {
      return false;
    }
    // A runner that took it a moment ago finds it cancelled and counts it as answered instead.
    if (waiting.remove(job)) {
      answered();
    }
    return true;
  }

  /** The plans of the pools, in order. */
  synchronized List<String> plans() {
    return pools.stream().map(ImageBackend::plan).toList();
  }

  int depth() {
    return waiting.size();
  }

  /** The ids of the jobs waiting, oldest first. */
  List<String> waitingIds() {
    return waiting.stream().map(Job::id).toList();
  }

  /** The ids of the jobs the pools are running. */
  List<String> runningIds() {
    return active.stream().map(Job::id).sorted().toList();
  }

  /** Worker relaunches over all pools. */
  synchronized int restarts() {
    return pools.stream().mapToInt(ImageBackend::restarts).sum();
  }

  /** Jobs a pool is working on. */
  int running() {
    return running.get();
  }

  /** Waits until every accepted job is answered, then stops the runners. */
  void drain() throws InterruptedException {
    synchronized (this) {
      while (unanswered > 0) {
        wait();
      }
      runners.forEach(Thread::interrupt);
    }
  }

  private void run(ImageBackend pool) {
    while (true) {
      Job job;
      try {
        job = waiting.take();
      } catch (InterruptedException e) {
        return;
      }
      if (!job.start()) {
        answered();
        continue;
      }
      running.incrementAndGet();
      active.add(job);
      try {
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < job.images().size(); i++) {
          int index = i;
          StepListener listener = (done, total) -> {
            job.stepDone(index, done, total);
            if (job.cancelRequested()) {
              throw new CancellationException(job.id() + " cancelled");
            }
          };
          if (job.cancelRequested()) {
            throw new CancellationException(job.id() + " cancelled");
          }
          results.add(pool.generate(job.images().get(i), listener));
        }
        job.succeed(results);
      } catch (CancellationException e) {
        job.fail(job.cancelled(), true);
      } catch (Throwable e) {
        job.fail(ApiError.explain(e), false);
      } finally {
        active.remove(job);
        running.decrementAndGet();
        answered();
      }
    }
  }

  private synchronized void answered() {
    unanswered--;
    notifyAll();
  }
}
