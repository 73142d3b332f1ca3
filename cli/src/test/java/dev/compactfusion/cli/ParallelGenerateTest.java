package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.exchange.Strategy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code generate} with parallel options: plans that cannot run, a real run with stats, a killed worker. */
class ParallelGenerateTest {
  @TempDir Path dir;

  record Result(int code, String err) {}

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    return new Result(code, err.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--parallel usp --workers 4 --ulysses-degree 3  | usp: degree 3 does not divide the 4 workers",
    "--parallel ring --workers 4 --ring-degree 2     | ring with these workers needs --ring-degree 4, got 2",
    "--parallel pipe --workers 2                     | unknown parallel strategy 'pipe'",
    "--parallel pipefusion --workers 3 --cfg-parallel | --workers must be even, got 3",
    "--parallel pipefusion --workers 10 --cfg-parallel | shapes-image has 4 blocks, fewer than the 5 pipeline stages: use at most 8 workers with pipefusion --cfg-parallel",
    "--parallel pipefusion --workers 4 --ulysses-degree 2 | pipefusion does not combine with ulysses or ring",
    "--parallel pipefusion --workers 4 --ring-degree 2 | pipefusion does not combine with ulysses or ring",
    "--parallel pipefusion --workers 5               | shapes-image has 4 blocks, fewer than the 5 pipeline stages: use at most 4 workers with pipefusion",
    "--parallel pipefusion --workers 2 --pipefusion-patches 65 | shapes-image has 64 tokens, fewer than --pipefusion-patches 65: use at most 64 patches",
    "--parallel pipefusion --workers 2 --pipefusion-patches 0 | --pipefusion-patches must be at least 1, got 0",
    "--parallel ring --workers 2 --pipefusion-patches 2 | --pipefusion-patches 2 only applies to --parallel pipefusion",
    "--pipefusion-patches 2                          | --pipefusion-patches 2 needs a parallel strategy",
    "--parallel serial --workers 3 --cfg-parallel    | --workers must be even, got 3",
    "--parallel serial --workers 4                   | serial runs one worker per branch",
    "--parallel patch --workers 2 --compress 3bit    | 3bit",
    "--parallel patch --workers 2 --launcher procs --comm local | --launcher procs needs --comm tcp",
    "--parallel ring --workers 65                    | shapes-image has 64 tokens",
    "--parallel ulysses --workers 8                  | 4 attention heads",
    "--parallel patch --workers 2 --device tpu       | unknown --device 'tpu'",
    "--parallel patch --workers 2 --comm tcp --link-model pair | --link-model says how emulated links are shared; give --link-bandwidth",
    "--parallel patch --workers 2 --comm tcp --link-bandwidth 1gbit --link-model bus | link model 'bus' is not known; use one of nic, pair, shared",
    "--parallel patch --workers 2 --launcher procs --link-bandwidth 1gbit --link-model shared | --link-model shared emulates one medium inside one JVM",
    "--parallel patch --workers 2 --torch-threads 0  | --torch-threads must be at least 1",
  })
  void plansThatCannotRunAreUsageErrors(String options, String message) {
    List<String> args = new java.util.ArrayList<>(List.of("generate", "--prompt", "red circle", "--steps", "2",
        "--out", dir.resolve("x.png").toString()));
    args.addAll(List.of(options.trim().split("\\s+")));
    Result r = run(args.toArray(String[]::new));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("error: ").contains(message);
    assertThat(dir.resolve("x.png")).doesNotExist();
  }

  /** Options only a parallel run reads, given without --parallel, used to run serial silently. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--compress 1bit                 | --compress 1bit needs a parallel strategy: add --parallel ring",
    "--workers 4                     | --workers 4 needs a parallel strategy",
    "--ulysses-degree 2              | --ulysses-degree 2 needs a parallel strategy",
    "--ring-degree 2                 | --ring-degree 2 needs a parallel strategy",
    "--cfg-parallel                  | --cfg-parallel needs a parallel strategy",
    "--residual noef                 | --residual noef needs a parallel strategy",
    "--warmup 2                      | --warmup 2 needs a parallel strategy",
    "--launcher procs                | --launcher procs needs a parallel strategy",
    "--comm nccl                     | --comm nccl needs a parallel strategy",
    "--link-bandwidth 1gbit          | --link-bandwidth 1gbit needs a parallel strategy",
    "--link-latency 5ms              | --link-latency 5ms needs a parallel strategy",
    "--link-model pair               | --link-model pair needs a parallel strategy",
    "--listen 127.0.0.1:0            | --listen 127.0.0.1:0 needs a parallel strategy",
    "--token abc                     | --token abc needs a parallel strategy",
    "--worker-jvm-option -Xmx1g      | --worker-jvm-option -Xmx1g needs a parallel strategy",
    "--compress 1bit --workers 2     | --workers 2, --compress 1bit need a parallel strategy",
  })
  void parallelOnlyOptionsWithoutAStrategyAreUsageErrors(String options, String message) {
    List<String> args = new java.util.ArrayList<>(List.of("generate", "--prompt", "red circle", "--steps", "2",
        "--out", dir.resolve("x.png").toString()));
    for (String o : options.trim().split("\\s+")) {
      args.add(o);
    }
    Result r = run(args.toArray(String[]::new));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("error: ").contains(message);
    assertThat(dir.resolve("x.png")).doesNotExist();
  }

  /** A GPU asked for and not there fails every path, serial included, with exit 1 and one line. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--device cuda",
    "--device cuda:1",
    "--device cuda --parallel patch --workers 2",
    "--device cuda --parallel ring --workers 2 --launcher procs",
  })
  void aMissingGpuFailsEveryPathInOneLine(String options) {
    org.junit.jupiter.api.Assumptions.assumeFalse(dev.compactfusion.comms.nccl.NcclAvailability.probe().available(),
        "a CUDA device is visible here");
    List<String> args = new java.util.ArrayList<>(List.of("generate", "--prompt", "red circle", "--steps", "2",
        "--out", dir.resolve("x.png").toString()));
    args.addAll(List.of(options.trim().split("\\s+")));
    Result r = run(args.toArray(String[]::new));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("error: --device cuda").contains("no CUDA device is visible").contains("--device cpu");
    assertThat(dir.resolve("x.png")).doesNotExist();
  }

  @Test
  void runsOnThreadsAndWritesImageAndStats() throws Exception {
    Path png = dir.resolve("ring.png");
    Path stats = dir.resolve("ring.json");
    Result r = run("generate", "--prompt", "red circle", "--steps", "2", "--seed", "7", "--parallel", "ring",
        "--workers", "2", "--compress", "1bit", "--out", png.toString(), "--stats", stats.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(png).exists();
    JsonObject o = JsonParser.parseString(Files.readString(stats)).getAsJsonObject();
    assertThat(o.get("strategy").getAsString()).isEqualTo("ring");
    assertThat(o.get("codec").getAsString()).isEqualTo("1bit");
    assertThat(o.get("workers").getAsInt()).isEqualTo(2);
    assertThat(o.get("steps").getAsInt()).isEqualTo(2);
    assertThat(o.get("bytes_sent").getAsLong()).isPositive().isLessThan(o.get("bytes_raw").getAsLong());
    assertThat(o.get("prompt").getAsString()).isEqualTo("red circle");
    assertThat(o.getAsJsonArray("per_step")).hasSize(2);
  }

  /** Pipeline stages hold different blocks: the stats give each worker's resident weight bytes, a ring's the whole model each. */
  @Test
  void statsGiveEachWorkersWeightBytes() throws Exception {
    Path pipeStats = dir.resolve("pipe.json");
    Path ringStats = dir.resolve("ring2.json");
    assertThat(run("generate", "--prompt", "red circle", "--steps", "1", "--parallel", "pipefusion", "--workers", "2",
        "--out", dir.resolve("pipe.png").toString(), "--stats", pipeStats.toString()).code()).isZero();
    assertThat(run("generate", "--prompt", "red circle", "--steps", "1", "--parallel", "ring", "--workers", "2",
        "--out", dir.resolve("ring2.png").toString(), "--stats", ringStats.toString()).code()).isZero();
    long[] pipe = weightBytes(pipeStats);
    long[] ring = weightBytes(ringStats);
    assertThat(ring[0]).isEqualTo(ring[1]).isPositive();
    assertThat(pipe[0]).isPositive().isLessThan(ring[0]);
    assertThat(pipe[1]).isPositive().isLessThan(ring[0]);
    assertThat(pipe[0] + pipe[1]).isGreaterThan(ring[0]);
  }

  private static long[] weightBytes(Path stats) throws Exception {
    JsonObject o = JsonParser.parseString(Files.readString(stats)).getAsJsonObject();
    return o.getAsJsonArray("per_worker").asList().stream()
        .mapToLong(w -> w.getAsJsonObject().get("weight_bytes").getAsLong()).toArray();
  }

  /** Shaping changes when bytes arrive, never what arrives: every link model gives serial's image. */
  @ParameterizedTest
  @ValueSource(strings = {"nic", "pair", "shared"})
  void everyLinkModelDeliversTheSerialImage(String model) throws Exception {
    Path serial = dir.resolve("serial.png");
    Path shaped = dir.resolve(model + ".png");
    assertThat(run("generate", "--prompt", "red circle", "--steps", "2", "--seed", "3",
        "--out", serial.toString()).code()).isZero();
    Result r = run("generate", "--prompt", "red circle", "--steps", "2", "--seed", "3", "--parallel", "patch",
        "--workers", "3", "--comm", "tcp", "--link-bandwidth", "1gbit", "--link-latency", "1ms",
        "--link-model", model, "--out", shaped.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(shaped)).isEqualTo(Files.readAllBytes(serial));
  }

  /** Outside torchrun, mpirun and srun, --launcher env has nothing to read: one usage line, no output. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "generate --parallel patch --launcher env | error: --launcher env found none of RANK/WORLD_SIZE (torchrun)",
    "worker --token abcdefgh12 | error: worker without --join found none of RANK/WORLD_SIZE (torchrun)",
    "generate --parallel patch --launcher env --master-port 70000 | error: --master-port must be 1..65535, got 70000",
    "generate --parallel patch --launcher procs --master-port 4000 | error: --master-addr and --master-port are for --launcher env",
    "generate --launcher env | error: --launcher env needs a parallel strategy",
    "worker --token abcdefgh12 --join 127.0.0.1:1 --master-port 4000 | error: --join names rank 0 already"})
  void envLauncherWithoutASchedulerIsAUsageError(String command, String message) {
    Assumptions.assumeTrue(System.getenv("RANK") == null && System.getenv("OMPI_COMM_WORLD_RANK") == null
        && System.getenv("SLURM_PROCID") == null, "this JVM runs under a cluster launcher; its variables are set");
    List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
    if (args.get(0).equals("generate")) {
      args.addAll(List.of("--prompt", "red circle", "--steps", "1", "--out", dir.resolve("x.png").toString()));
    }
    Result r = run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith(message);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(dir.resolve("x.png")).doesNotExist();
  }

  @Test
  void defaultNamesSayTheConfiguration() {
    ParallelPlan plan = ParallelPlan.of(Strategy.RING, 4, 0, 0, false, ParallelPlan.Compression.parse("1bit", "ef", 1));
    assertThat(GenerateCommand.defaultName("red circle", 7, false, plan))
        .isEqualTo("red-circle_ring4_1bit_s7.png");
  }

  @Test
  void aKilledWorkerProcessFailsTheRunWithoutOutput() throws Exception {
    Path png = dir.resolve("killed.png");
    AtomicLong victim = new AtomicLong(-1);
    Thread killer = new Thread(() -> {
      try {
        // Wait for both worker JVMs, give them time to join and start stepping, then kill one.
        while (ProcessHandle.current().children().count() < 2) {
          Thread.sleep(100);
        }
        Thread.sleep(15_000);
        ProcessHandle.current().children().findFirst().ifPresent(p -> {
          victim.set(p.pid());
          p.destroyForcibly();
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    killer.start();
    Result r = run("generate", "--prompt", "red circle", "--steps", "10000", "--parallel", "patch", "--workers", "3",
        "--launcher", "procs", "--timeout", "90", "--out", png.toString());
    killer.join();
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ").contains("(pid " + victim.get() + ")");
    assertThat(png).doesNotExist();
    assertThat(Files.list(dir)).isEmpty();
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
  }
}
