package dev.compactfusion.perf.bench.throughput;

import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.run.ParallelGeneration;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.EngineCaseRunner;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MethodSpec;
import dev.compactfusion.engine.plan.ParallelPlan;
import java.io.PrintWriter;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Images per minute for a stream of K requests (seeds seed, seed+1, ...), served two ways in the
 * same run: data parallel, N threads each generating whole images on its own (each request loads
 * its own copy of the model, as an independent replica would), against each N-way parallel method
 * generating one request at a time on all N workers. Every mode first serves warm-up requests that
 * are not timed.
 */
public final class ThroughputBench {
  public static final String DATA_PARALLEL = "data-parallel";

  private final BenchSettings settings;
  private final List<String> workerJvmOptions;
  private final PrintWriter progress;

  public ThroughputBench(BenchSettings settings, List<String> workerJvmOptions, PrintWriter progress) {
    this.settings = settings;
    this.workerJvmOptions = List.copyOf(workerJvmOptions);
    this.progress = progress;
  }

  public ThroughputResults run(List<MethodSpec> methods, int workers, int requests, String machine) {
    if (requests < 1) {
      throw new IllegalArgumentException("--requests must be at least 1, got " + requests);
    }
    if (workers < 2) {
      throw new IllegalArgumentException("bench throughput compares N-way parallel with N replicas: use --workers 2 or more");
    }
    List<MethodSpec> parallel = methods.stream().filter(m -> !m.serial()).toList();
    if (parallel.isEmpty()) {
      throw new IllegalArgumentException("bench throughput needs at least one parallel method in --methods, e.g. ulysses");
    }
    String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    List<ThroughputRow> rows = new ArrayList<>();
    rows.add(dataParallel(workers, requests));
    EngineCaseRunner runner = new EngineCaseRunner(settings, workerJvmOptions);
    for (MethodSpec m : parallel) {
      BenchCase c = new BenchCase(m, workers, LinkSetting.NONE);
      for (int i = 0; i < settings.warmupRuns(); i++) {
        ParallelGeneration.run(job(m.plan(workers, settings.warmupSteps()), i), runner.options(c));
      }
      long start = System.nanoTime();
      for (int i = 0; i < requests; i++) {
        ParallelGeneration.run(job(m.plan(workers, settings.warmupSteps()), i), runner.options(c));
      }
      rows.add(report(new ThroughputRow(workers + "-way parallel", m.name(), workers, requests,
          (System.nanoTime() - start) / 1e9)));
    }
    return new ThroughputResults(settings, machine, started, rows);
  }

  private ThroughputRow dataParallel(int workers, int requests) {
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "compactfusion-replica");
      t.setDaemon(true);
      return t;
    });
    try {
      serve(pool, Math.min(settings.warmupRuns() * workers, requests));
      long start = System.nanoTime();
      serve(pool, requests);
      return report(new ThroughputRow(DATA_PARALLEL, "serial", workers, requests, (System.nanoTime() - start) / 1e9));
    } finally {
      pool.shutdownNow();
    }
  }

  private void serve(ExecutorService pool, int requests) {
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      GenerationJob job = job(ParallelPlan.serial(), i);
      done.add(pool.submit(() -> ParallelGeneration.run(job, LaunchOptions.threads(settings.timeout()))));
    }
    for (Future<?> f : done) {
      try {
        f.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while serving requests", e);
      }
    }
  }

  private GenerationJob job(ParallelPlan plan, int request) {
    return new GenerationJob(new GenerationRequest(settings.model(), settings.prompt(), settings.seed() + request, settings.steps(), settings.guidance()), plan);
  }

  private ThroughputRow report(ThroughputRow row) {
    progress.println(String.format(Locale.ROOT, "%s (%s, %d workers): %d requests in %.2f s = %.2f images/min",
        row.mode(), row.method(), row.workers(), row.requests(), row.seconds(), row.imagesPerMinute()));
    progress.flush();
    return row;
  }
}
