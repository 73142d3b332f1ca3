package dev.compactfusion.engine.run;

import dev.compactfusion.models.generate.GenerationRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.engine.worker.WorkerFailedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Workers as real child JVMs over tcp: a representative exact run equals serial, and a worker
 * killed mid-run ends the run with an error naming its rank and pid, with every child reaped.
 * (Spawning JVMs is slow on small machines: the full matrix runs over threads.)
 */
class ProcessLauncherTest {
  private static final LaunchOptions PROCS = LaunchOptions.procs(Duration.ofSeconds(90));

  @Test
  void ringOverThreeProcessesEqualsSerial() {
    String image = TinyModels.image();
    ParallelPlan ring = ParallelPlan.of(Strategy.RING, 3, 0, 0, false, ParallelPlan.Compression.parse("none", "ef", 1));
    RunResult r = ParallelGeneration.run(new GenerationJob(new GenerationRequest(image, "blue square", 3, 2, 3f), ring), PROCS);
    assertThat(ExactnessTest.maxAbsDiff(r.frames(), TinyModels.serial(image, "blue square", 3, 2, 3f)))
        .isLessThanOrEqualTo(1e-4);
    assertThat(r.stats().workers()).extracting(w -> w.pid()).doesNotHaveDuplicates();
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void cfgUlyssesOverFourProcessesEqualsSerialOnVideo() {
    String video = TinyModels.video();
    ParallelPlan cfg = ParallelPlan.of(Strategy.ULYSSES, 4, 0, 0, true, ParallelPlan.Compression.parse("none", "ef", 1));
    RunResult v = ParallelGeneration.run(new GenerationJob(new GenerationRequest(video, "red circle", 5, 2, 3f), cfg), PROCS);
    assertThat(ExactnessTest.maxAbsDiff(v.frames(), TinyModels.serial(video, "red circle", 5, 2, 3f)))
        .isLessThanOrEqualTo(1e-4);
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void aKilledWorkerEndsTheRunNamingItAndEveryChildIsReaped() {
    ParallelPlan plan = ParallelPlan.of(Strategy.PATCH, 3, 0, 0, false, ParallelPlan.Compression.parse("none", "ef", 1));
    // So many steps that the run cannot end by itself while the test waits: only the failure ends it.
    GenerationJob job = new GenerationJob(new GenerationRequest(TinyModels.image(), "red circle", 1, 100_000, 3f), plan);
    AtomicLong killed = new AtomicLong(-1);
    assertThatThrownBy(() -> ParallelGeneration.run(job, PROCS, (done, total) -> {
      if (done == 2) {
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        ProcessHandle victim = children.get(children.size() - 1);
        killed.set(victim.pid());
        victim.destroyForcibly();
      }
    }))
        .isInstanceOf(WorkerFailedException.class)
        .satisfies(e -> assertThat(e.getMessage())
            .containsPattern("worker [12] \\(pid " + killed.get() + "\\) failed"));
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
  }

  /**
   * A worker killed while the workers are still starting (0.2 s after its spawn, while its JVM boots,
   * and 1.5 s after, while it joins; killing sooner hits the JDK's spawn handshake and is a failed
   * spawn, which the launcher reports as such) ends the run within 2 s of its exit, named by pid:
   * the exit is known at once, so nothing may wait for the rendezvous timeout (90 s here).
   */
  @ParameterizedTest(name = "killed {0} ms after spawn")
  @ValueSource(longs = {200, 1500})
  void aWorkerKilledWhileStartingEndsTheRunWithinTwoSeconds(long delayMillis) throws InterruptedException {
    ParallelPlan plan = ParallelPlan.of(Strategy.PATCH, 3, 0, 0, false, ParallelPlan.Compression.parse("none", "ef", 1));
    GenerationJob job = new GenerationJob(new GenerationRequest(TinyModels.image(), "red circle", 1, 100_000, 3f), plan);
    AtomicLong killedPid = new AtomicLong(-1);
    AtomicLong exitedAt = new AtomicLong(-1);
    AtomicBoolean over = new AtomicBoolean();
    Thread killer = new Thread(() -> killFirstChild(delayMillis, killedPid, exitedAt, over), "test-killer");
    killer.setDaemon(true);
    killer.start();
    // Bounded so that a launcher that misses the exit fails the test instead of hanging it.
    Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      try {
        ParallelGeneration.run(job, PROCS);
        return null;
      } catch (RuntimeException e) {
        return e;
      } finally {
        over.set(true);
      }
    });
    long endedAt = System.nanoTime();
    killer.join(5_000);
    // Before the workers have ranks the launcher names the process by pid (WorkerFailedException
    // needs a rank); either way the run fails with the exit named.
    assertThat(thrown).isInstanceOf(RuntimeException.class);
    assertThat(thrown.getMessage()).contains("pid " + killedPid.get()).contains("killed by signal 9");
    assertThat(exitedAt.get()).as("the child's exit was observed").isPositive();
    assertThat(Duration.ofNanos(endedAt - exitedAt.get())).isLessThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
  }

  /**
   * Waits (until the run is over) for the first spawned worker JVM, kills it after
   * {@code delayMillis}, and records when it was gone.
   */
  private static void killFirstChild(long delayMillis, AtomicLong pid, AtomicLong exitedAt, AtomicBoolean over) {
    try {
      while (!over.get()) {
        var child = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
            .filter(ProcessLauncherTest::isWorkerJvm).findFirst();
        if (child.isPresent()) {
          Thread.sleep(delayMillis);
          pid.set(child.get().pid());
          child.get().destroyForcibly();
          child.get().onExit().get(5, TimeUnit.SECONDS);
          exitedAt.set(System.nanoTime());
          return;
        }
        Thread.sleep(1);
      }
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the test could not kill the worker", e);
    }
  }

  /**
   * A worker JVM as the launcher spawns it. ProcessHandle.Info cuts long command lines before the main
   * class, so the match is on the options the launcher puts first.
   */
  private static boolean isWorkerJvm(ProcessHandle p) {
    String line = p.info().commandLine().orElse("");
    return line.contains("/bin/java") && line.contains("-Dai.djl.offline=true");
  }

  @Test
  void aStalledWorkerEndsTheRunWithinTheTimeoutNamingIt() {
    ParallelPlan plan = ParallelPlan.of(Strategy.RING, 3, 0, 0, false, ParallelPlan.Compression.parse("none", "ef", 1));
    GenerationJob job = new GenerationJob(new GenerationRequest(TinyModels.image(), "red circle", 1, 100_000, 3f), plan);
    AtomicLong stopped = new AtomicLong(-1);
    assertThatThrownBy(() -> ParallelGeneration.run(job, LaunchOptions.procs(Duration.ofSeconds(30)), (done, total) -> {
      if (done == 2) {
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        stopped.set(children.get(0).pid());
        signal("STOP", stopped.get());
      }
    }))
        .isInstanceOf(WorkerFailedException.class)
        .satisfies(e -> assertThat(e.getMessage()).containsPattern("worker [12] \\(pid " + stopped.get() + "\\)"));
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
  }

  private static void signal(String name, long pid) {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
