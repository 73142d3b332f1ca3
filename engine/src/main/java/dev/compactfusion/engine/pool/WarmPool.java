package dev.compactfusion.engine.pool;

import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.launch.Launchers;
import dev.compactfusion.engine.launch.WorkerPool;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.run.RankZero;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.engine.worker.Control;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.engine.worker.WarmModel;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.sampling.StepListener;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Workers kept up between requests: the plan (strategy, workers, codec, device), the model and
 * its family settings are fixed when the pool starts; each request brings its own prompt, seed,
 * steps and guidance. Every worker loads the model once, and the pool runs one short generation
 * before {@link #start} returns, so the first request finds the code warm. Requests run one at a
 * time (a pool is one set of workers).
 *
 * <p>A worker that dies or stalls fails the request it was serving with the
 * {@code WorkerFailedException} naming it; the pool then drops its workers and launches fresh ones
 * for the next request. While idle it tells the workers so, more often than the communication
 * timeout, so that they do not take the silence for a dead rank 0; a worker lost while idle is
 * found that way and replaced before the next request.
 *
 * <p>A listener that throws {@link CancellationException} after a step cancels the request at
 * that step boundary: the pool numbers its jobs so that they are stoppable ({@link
 * GenerationJob#numbered}), every worker waits after each step for rank 0's word to go on, and a
 * cancel tells them all to stop there. The workers stay up and the next request runs on them; a
 * cancel relaunches nothing.
 */
public final class WarmPool implements AutoCloseable {
  private final GenerationJob template;
  private final LaunchOptions options;
  private final WarmModel rankZeroModel = new WarmModel();
  private final ReentrantLock lock = new ReentrantLock();
  private final ScheduledExecutorService keepAlive;
  private WorkerPool workers;
  // Written under the lock, read without it: the metrics must not wait for a running request.
  private volatile int launches;
  private long jobs;
  private boolean closed;

  private WarmPool(GenerationJob template, LaunchOptions options) {
    this.template = template;
    this.options = options;
    this.keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "compactfusion-pool-keepalive");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Launches the plan's workers, loads the model on each, and runs {@code warmup} once (its result
   * is dropped). Its request fixes the model and family settings of every later request.
   */
  public static WarmPool start(GenerationJob warmup, LaunchOptions options) {
    WarmPool pool = new WarmPool(warmup, options);
    try {
      RankZero.checkFits(warmup, pool.rankZeroModel.forJob(warmup, 0));
      pool.generate(warmup.request(), StepListener.NONE);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    long period = Math.max(50, options.timeout().toMillis() / 4);
    pool.keepAlive.scheduleWithFixedDelay(pool::keepAlive, period, period, TimeUnit.MILLISECONDS);
    return pool;
  }

  /**
   * Runs one request on the pool's workers, after any request already running.
   *
   * @throws IllegalArgumentException when the request names another model or family settings, or
   *     its prompt is not in the model's words (the pool stays as it was)
   * @throws dev.compactfusion.engine.worker.WorkerFailedException naming the worker that failed
   *     (the next request gets fresh workers)
   * @throws CancellationException when {@code listener} threw it to cancel (the workers stopped
   *     after that step and serve the next request)
   */
  public RunResult generate(GenerationRequest request, StepListener listener) {
    GenerationRequest fixed = template.request();
    if (!request.model().equals(fixed.model()) || !request.options().equals(fixed.options())) {
      throw new IllegalArgumentException("this pool serves model " + fixed.model() + " with " + fixed.options()
          + "; start another pool for " + request.model());
    }
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the worker pool is closed");
      }
      GenerationJob job = template.with(request).numbered(++jobs);
      DiffusionModel model = rankZeroModel.forJob(job, 0);
      long launchNanos = 0;
      if (workers == null) {
        long launchStart = System.nanoTime();
        workers = Launchers.start(plan().workers(), options);
        launches++;
        launchNanos = System.nanoTime() - launchStart;
      }
      try {
        return RankZero.run(workers, job, model, rankZeroModel.loads(), options, launchNanos, listener);
      } catch (CancellationException e) {
        // Every worker was told to stop after this step and waits for the next job.
        throw e;
      } catch (RuntimeException e) {
        dropWorkers();
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  public ParallelPlan plan() {
    return template.plan();
  }

  /** The model and family settings every request must name. */
  public GenerationRequest template() {
    return template.request();
  }

  /** Times the workers were launched again after a failure; answers at once, even mid-request. */
  public int restarts() {
    return Math.max(0, launches - 1);
  }

  /** Only between requests: a request in progress already keeps the workers talking. */
  private void keepAlive() {
    if (!lock.tryLock()) {
      return;
    }
    try {
      if (workers != null && !closed) {
        RankZero.tell(workers, Control.Next.IDLE);
      }
    } catch (RuntimeException e) {
      dropWorkers();
    } finally {
      lock.unlock();
    }
  }

  private void dropWorkers() {
    if (workers != null) {
      workers.close();
      workers = null;
    }
  }

  /** Waits for a running request, then stops the workers and releases the model. */
  @Override
  public void close() {
    keepAlive.shutdownNow();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (workers != null) {
        try {
          RankZero.tell(workers, Control.Next.STOP);
        } catch (RuntimeException ignored) {
          // A worker already gone is stopped by the close below all the same.
        }
        dropWorkers();
      }
      rankZeroModel.close();
    } finally {
      lock.unlock();
    }
  }
}
