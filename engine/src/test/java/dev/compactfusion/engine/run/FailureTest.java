package dev.compactfusion.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.comms.local.LocalCluster;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.engine.launch.CommKind;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.engine.launch.WorkerMain;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.engine.worker.Worker;
import dev.compactfusion.engine.worker.WorkerFailedException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Workers that cannot load the model, and workers that join by hand (the remote launcher). */
class FailureTest {
  /** Own threads: the common pool may have a single thread on a 2-core machine. */
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "failure-test");
    t.setDaemon(true);
    return t;
  });
  private static final ParallelPlan PATCH3 = ParallelPlan.of(Strategy.PATCH, 3, 0, 0, false, ParallelPlan.Compression.parse("none", "ef", 1));

  @Test
  void aWorkerThatCannotLoadTheModelStopsEveryWorkerNamingIt() throws Exception {
    GenerationJob good = new GenerationJob(new GenerationRequest(TinyModels.image(), "red circle", 1, 2, 3f), PATCH3);
    GenerationJob missing = new GenerationJob(new GenerationRequest("/nonexistent/model", "red circle", 1, 2, 3f), PATCH3);
    List<Communicator> comms = LocalCluster.create(3, Duration.ofSeconds(30));
    List<CompletableFuture<Void>> others = new ArrayList<>();
    for (int r = 1; r < 3; r++) {
      Communicator c = comms.get(r);
      GenerationJob job = r == 2 ? missing : good;
      others.add(CompletableFuture.runAsync(() -> Worker.run(c, job, (d, t) -> {}, (out, m) -> {}), POOL));
    }
    try (DiffusionModel model = Worker.load(good, 0)) {
      assertThatThrownBy(() -> Worker.run(comms.get(0), good, model, (d, t) -> {}))
          .isInstanceOf(WorkerFailedException.class)
          .hasMessageMatching("worker 2 \\(pid \\d+\\) could not load the model: no model '/nonexistent/model'.*");
    }
    for (CompletableFuture<Void> f : others) {
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(WorkerFailedException.class).hasMessageContaining("worker 2");
    }
    comms.forEach(Communicator::close);
  }

  @Test
  void workersStartedByHandJoinTheRemoteLauncherAndTheRunEqualsSerial() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String token = "0123456789abcdef0123456789abcdef";
    LaunchOptions remote = new LaunchOptions(LauncherKind.REMOTE, CommKind.TCP, Duration.ofSeconds(30), null, null,
        "127.0.0.1", port, token, null);
    GenerationJob job = new GenerationJob(new GenerationRequest(TinyModels.image(), "red circle", 4, 2, 3f), PATCH3);
    CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> ParallelGeneration.run(job, remote), POOL);
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread t = new Thread(() -> joinWhenListening("127.0.0.1:" + port, token));
      t.start();
      workers.add(t);
    }
    RunResult result = run.get(120, TimeUnit.SECONDS);
    for (Thread t : workers) {
      t.join(30_000);
    }
    assertThat(ExactnessTest.maxAbsDiff(result.frames(), TinyModels.serial(TinyModels.image(), "red circle", 4, 2, 3f)))
        .isLessThanOrEqualTo(1e-4);
    assertThat(result.stats().launcher()).isEqualTo("remote");
  }

  /** A worker started by hand before rank 0 listens retries, as a person would. */
  private static void joinWhenListening(String address, String token) {
    for (int attempt = 0; attempt < 200; attempt++) {
      try {
        WorkerMain.serve(address, token, Duration.ofSeconds(30), LinkSpec.UNLIMITED);
        return;
      } catch (RuntimeException e) {
        if (!String.valueOf(e.getMessage()).contains("cannot reach the coordinator")) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
