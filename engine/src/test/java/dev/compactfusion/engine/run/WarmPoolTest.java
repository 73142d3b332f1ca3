package dev.compactfusion.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.pool.WarmPool;
import dev.compactfusion.engine.stats.WorkerStats;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.engine.worker.WorkerFailedException;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.sampling.StepListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Warm pools: many requests on workers launched once give exactly what one-shot runs of the same
 * requests give, each worker loading the model once; a killed worker fails its request by name and
 * the next request gets fresh workers.
 */
class WarmPoolTest {
  private static final ParallelPlan RING2 = ParallelPlan.of(Strategy.RING, 2, 0, 0, false,
      ParallelPlan.Compression.parse("int8", "ef", 1));

  private static List<GenerationRequest> requests(String model) {
    return List.of(
        new GenerationRequest(model, "red circle", 3, 2, 3f),
        new GenerationRequest(model, "blue square", 8, 3, 2f),
        new GenerationRequest(model, "green circle", 3, 1, 1f),
        new GenerationRequest(model, "red circle", 3, 2, 3f));
  }

  @Test
  void aThreadsPoolGivesWhatOneShotRunsGiveAndLoadsTheModelOncePerWorker() {
    String image = TinyModels.image();
    LaunchOptions threads = LaunchOptions.threads(Duration.ofSeconds(30));
    try (WarmPool pool = WarmPool.start(warmup(image, RING2), threads)) {
      for (GenerationRequest request : requests(image)) {
        RunResult warm = pool.generate(request, StepListener.NONE);
        RunResult cold = ParallelGeneration.run(new GenerationJob(request, RING2), threads);
        assertThat(warm.tokens()).as(request.prompt()).isEqualTo(cold.tokens());
        assertThat(warm.frames().rgb()).isEqualTo(cold.frames().rgb());
        assertThat(warm.stats().bytesSent()).isEqualTo(cold.stats().bytesSent());
        assertThat(warm.stats().workers()).extracting(WorkerStats::modelLoads).containsOnly(1);
        assertThat(warm.stats().workers()).extracting(WorkerStats::loadNanos).containsOnly(0L);
        assertThat(warm.stats().launchNanos()).isZero();
      }
      assertThat(pool.restarts()).isZero();
    }
  }

  /**
   * A listener that throws CancellationException after step 1 cancels the request at that step:
   * the pool throws it on (not as a worker failure) and keeps its workers, so the next request
   * launches and loads nothing and gives what a one-shot run gives.
   */
  @Test
  void aCancelFromTheListenerStopsTheRequestAndTheNextOneRunsOnTheSameWorkers() {
    String image = TinyModels.image();
    LaunchOptions threads = LaunchOptions.threads(Duration.ofSeconds(30));
    GenerationRequest request = requests(image).get(1);
    try (WarmPool pool = WarmPool.start(warmup(image, RING2), threads)) {
      AtomicLong steps = new AtomicLong();
      assertThatThrownBy(() -> pool.generate(request, (done, total) -> {
        steps.incrementAndGet();
        throw new CancellationException("cancelled after step " + done);
      })).isInstanceOf(CancellationException.class).hasMessage("cancelled after step 1");
      assertThat(steps.get()).isEqualTo(1);
      RunResult after = pool.generate(request, StepListener.NONE);
      RunResult cold = ParallelGeneration.run(new GenerationJob(request, RING2), threads);
      assertThat(after.tokens()).isEqualTo(cold.tokens());
      assertThat(after.stats().launchNanos()).isZero();
      assertThat(after.stats().workers()).extracting(WorkerStats::modelLoads).containsOnly(1);
      assertThat(pool.restarts()).isZero();
    }
  }

  /**
   * A cancel between steps on plans that send ahead (DistriFusion's and compact-async's
   * asynchronous gathers, PipeFusion's patches, cfg's sub-groups, USP's two levels): what was in
   * flight when the job stopped must not reach the next job, which runs on the same workers and
   * gives exactly what a one-shot run gives, twice.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"distrifusion", "compact-async", "pipefusion", "patch-cfg", "usp"})
  void aCancelMidRunLeavesNothingInFlightForTheNextJob(String name) {
    String image = name.equals("pipefusion") ? TinyModels.deepImage() : TinyModels.image();
    ParallelPlan plan = switch (name) {
      case "distrifusion" -> ParallelPlan.of(Strategy.DISTRIFUSION, 2, 0, 0, false,
          ParallelPlan.Compression.parse("none", "ef", 1));
      case "compact-async" -> ParallelPlan.of(Strategy.COMPACT_ASYNC, 2, 0, 0, false,
          ParallelPlan.Compression.parse("1bit", "ef", 1));
      case "pipefusion" -> ParallelPlan.pipeFusion(2, 2, ParallelPlan.Compression.parse("none", "ef", 1));
      case "patch-cfg" -> ParallelPlan.of(Strategy.PATCH, 4, 0, 0, true, ParallelPlan.Compression.parse("int8", "ef", 1));
      default -> ParallelPlan.of(Strategy.USP, 4, 2, 2, false, ParallelPlan.Compression.parse("none", "ef", 1));
    };
    LaunchOptions threads = LaunchOptions.threads(Duration.ofSeconds(30));
    GenerationRequest request = new GenerationRequest(image, "blue square", 8, 4, 2f);
    try (WarmPool pool = WarmPool.start(warmup(image, plan), threads)) {
      assertThatThrownBy(() -> pool.generate(request, (done, total) -> {
        if (done == 2) {
          throw new CancellationException("cancelled after step 2");
        }
      })).isInstanceOf(CancellationException.class);
      RunResult cold = ParallelGeneration.run(new GenerationJob(request, plan), threads);
      for (int i = 0; i < 2; i++) {
        RunResult warm = pool.generate(request, StepListener.NONE);
        assertThat(warm.tokens()).as("request %d after the cancel", i + 1).isEqualTo(cold.tokens());
        assertThat(warm.stats().launchNanos()).isZero();
      }
      assertThat(pool.restarts()).isZero();
    }
  }

  /** Plans whose workers build per-job state the pool must not carry over: cfg sub-groups, pipeline stages, all-to-alls. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"cfg-serial", "pipefusion", "ulysses-cfg", "patch-1bit"})
  void otherPlansGiveWhatOneShotRunsGiveRequestAfterRequest(String name) {
    String image = name.equals("pipefusion") ? TinyModels.deepImage() : TinyModels.image();
    ParallelPlan.Compression none = ParallelPlan.Compression.parse("none", "ef", 1);
    ParallelPlan plan = switch (name) {
      case "cfg-serial" -> ParallelPlan.of(Strategy.SERIAL, 2, 0, 0, true, none);
      case "pipefusion" -> ParallelPlan.pipeFusion(2, 2, none);
      case "ulysses-cfg" -> ParallelPlan.of(Strategy.ULYSSES, 4, 0, 0, true, none);
      default -> ParallelPlan.of(Strategy.PATCH, 2, 0, 0, false, ParallelPlan.Compression.parse("1bit", "ef", 1));
    };
    LaunchOptions threads = LaunchOptions.threads(Duration.ofSeconds(30));
    try (WarmPool pool = WarmPool.start(warmup(image, plan), threads)) {
      for (GenerationRequest request : requests(image).subList(0, 2)) {
        RunResult warm = pool.generate(request, StepListener.NONE);
        RunResult cold = ParallelGeneration.run(new GenerationJob(request, plan), threads);
        assertThat(warm.tokens()).as(request.prompt()).isEqualTo(cold.tokens());
      }
    }
  }

  @Test
  void aPoolRefusesAnotherModelAndAPromptOutsideItsWordsAndStaysUsable() {
    String image = TinyModels.image();
    LaunchOptions threads = LaunchOptions.threads(Duration.ofSeconds(30));
    try (WarmPool pool = WarmPool.start(warmup(image, RING2), threads)) {
      assertThatThrownBy(() -> pool.generate(new GenerationRequest(TinyModels.video(), "red circle", 1, 1, 1f),
          StepListener.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this pool serves");
      assertThatThrownBy(() -> pool.generate(new GenerationRequest(image, "purple cat", 1, 1, 1f),
          StepListener.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purple");
      GenerationRequest ok = new GenerationRequest(image, "blue circle", 5, 2, 3f);
      assertThat(pool.generate(ok, StepListener.NONE).tokens())
          .isEqualTo(ParallelGeneration.run(new GenerationJob(ok, RING2), threads).tokens());
    }
  }

  /**
   * Child JVMs: two requests on the same processes (same pids, one load each) equal one-shot runs;
   * a worker killed during the third fails it naming its pid; the fourth runs on fresh workers.
   */
  @Test
  void aProcsPoolServesRequestsOnTheSameProcessesAndReplacesAKilledWorker() {
    String image = TinyModels.image();
    LaunchOptions procs = LaunchOptions.procs(Duration.ofSeconds(90));
    ParallelPlan patch2 = ParallelPlan.of(Strategy.PATCH, 2, 0, 0, false, ParallelPlan.Compression.parse("none", "ef", 1));
    try (WarmPool pool = WarmPool.start(warmup(image, patch2), procs)) {
      List<GenerationRequest> requests = requests(image).subList(0, 2);
      long firstPid = -1;
      for (GenerationRequest request : requests) {
        RunResult warm = pool.generate(request, StepListener.NONE);
        RunResult cold = ParallelGeneration.run(new GenerationJob(request, patch2), procs);
        assertThat(warm.tokens()).isEqualTo(cold.tokens());
        assertThat(warm.stats().workers()).extracting(WorkerStats::modelLoads).containsOnly(1);
        long pid = warm.stats().workers().get(1).pid();
        assertThat(firstPid == -1 || pid == firstPid).as("same worker process").isTrue();
        firstPid = pid;
      }
      AtomicLong killed = new AtomicLong(-1);
      GenerationRequest endless = new GenerationRequest(image, "red circle", 1, 100_000, 3f);
      assertThatThrownBy(() -> pool.generate(endless, (done, total) -> {
        if (done == 2) {
          ProcessHandle victim = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList().get(0);
          killed.set(victim.pid());
          victim.destroyForcibly();
        }
      })).isInstanceOf(WorkerFailedException.class)
          .satisfies(e -> assertThat(e.getMessage()).contains("worker 1 (pid " + killed.get() + ")"));
      GenerationRequest after = requests.get(0);
      RunResult again = pool.generate(after, StepListener.NONE);
      assertThat(again.tokens()).isEqualTo(ParallelGeneration.run(new GenerationJob(after, patch2), procs).tokens());
      assertThat(again.stats().workers().get(1).pid()).isNotEqualTo(firstPid);
      assertThat(pool.restarts()).isEqualTo(1);
    }
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
  }

  /**
   * A worker that stalls (SIGSTOP: alive but silent) fails the request it was serving, named with
   * its pid, once the communication timeout passes; the pool replaces it (the stopped process is
   * killed) and the next request gives what a one-shot run gives.
   */
  @Test
  void aProcsPoolNamesAStalledWorkerAndReplacesIt() {
    String image = TinyModels.image();
    LaunchOptions procs = LaunchOptions.procs(Duration.ofSeconds(10));
    ParallelPlan patch2 = ParallelPlan.of(Strategy.PATCH, 2, 0, 0, false, ParallelPlan.Compression.parse("none", "ef", 1));
    AtomicLong stopped = new AtomicLong(-1);
    try (WarmPool pool = WarmPool.start(warmup(image, patch2), procs)) {
      GenerationRequest endless = new GenerationRequest(image, "red circle", 1, 100_000, 3f);
      assertThatThrownBy(() -> pool.generate(endless, (done, total) -> {
        if (done == 2) {
          ProcessHandle victim = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList().get(0);
          stopped.set(victim.pid());
          signal("STOP", victim.pid());
        }
      })).isInstanceOf(WorkerFailedException.class)
          .satisfies(e -> assertThat(e.getMessage()).contains("worker 1 (pid " + stopped.get() + ")"));
      assertThat(ProcessHandle.of(stopped.get()).filter(ProcessHandle::isAlive)).as("the stalled worker is gone").isEmpty();
      GenerationRequest after = requests(image).get(0);
      RunResult again = pool.generate(after, StepListener.NONE);
      assertThat(again.tokens()).isEqualTo(ParallelGeneration.run(new GenerationJob(after, patch2), procs).tokens());
      assertThat(pool.restarts()).isEqualTo(1);
    } finally {
      // Should the test fail with the worker stopped, do not leave it behind.
      ProcessHandle.of(Math.max(1, stopped.get())).filter(p -> stopped.get() > 0).ifPresent(p -> {
        signal("CONT", p.pid());
        p.destroyForcibly();
      });
    }
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
  }

  private static void signal(String name, long pid) {
    try {
      // The shell's own kill: no procps package needed.
      Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " " + pid).inheritIO().start();
      assertThat(kill.waitFor()).as("kill -" + name + " " + pid).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static GenerationJob warmup(String model, ParallelPlan plan) {
    return new GenerationJob(new GenerationRequest(model, "red circle", 0, 1, 3f), plan);
  }
}
