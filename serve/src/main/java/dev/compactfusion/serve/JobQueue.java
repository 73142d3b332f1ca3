package dev.compactfusion.serve;

import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.models.generate.GenerationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one queue every pool takes from: bounded, so a full queue is an immediate refusal rather
 * than a wait the client cannot see; one runner thread per pool takes the next job when its pool
 * is free, so K pools serve K requests at once. Counts accepted jobs until they are answered, so
 * a drain knows when the last one is done.
 */
final class JobQueue {
  /** A request with its images, the time it arrived, and where its answer goes. */
  record Job(List<GenerationRequest> images, long arrivedNanos, CompletableFuture<List<RunResult>> answer) {}

  private final ArrayBlockingQueue<Job> waiting;
  private final List<Thread> runners = new ArrayList<>();
  private final List<ImageBackend> pools = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
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

  int depth() {
    return waiting.size();
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
      running.incrementAndGet();
      try {
        List<RunResult> results = new ArrayList<>();
        for (GenerationRequest image : job.images()) {
          results.add(pool.generate(image));
        }
        job.answer().complete(results);
      } catch (Throwable e) {
        job.answer().completeExceptionally(e);
      } finally {
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
