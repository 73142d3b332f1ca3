package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --launcher env} under a real Open MPI {@code mpirun} on this machine: every rank runs the
 * same command line (or rank 0 {@code generate} and the others {@code worker}), and rank 0's PNG is
 * byte-equal to the threads launcher's for the same request; {@code serve} answers from the pool the
 * ranks make. Skips, saying why, without mpirun.
 */
class MpirunLaunchTest {
  private static final String TOKEN = "mpirun-test-token";
  private static final long LIMIT_SECONDS = 300;

  @TempDir Path dir;

  @BeforeAll
  static void needsMpirun() {
    Assumptions.assumeTrue(onPath("mpirun"),
        "mpirun is not on PATH: install Open MPI (Debian: apt-get install openmpi-bin) to run the env-launcher test");
  }

  @ParameterizedTest(name = "mpirun -np {0} --parallel {1}")
  @CsvSource({"4, ring", "3, patch"})
  void everyRankRunsTheSameCommandAndRankZeroWritesTheThreadsImage(int ranks, String strategy) throws Exception {
    Path threads = dir.resolve("threads.png");
    Path mpi = dir.resolve("mpi.png");
    List<String> request = List.of("--prompt", "red circle", "--steps", "2", "--seed", "5", "--parallel", strategy);
    assertThat(inProcess(concat(List.of("generate"), request, List.of("--workers", "" + ranks,
        "--out", threads.toString())))).isZero();

    List<String> cmd = mpirun(ranks);
    cmd.addAll(cli(concat(List.of("generate"), request, List.of("--launcher", "env",
        "--master-port", "" + freePort(), "--out", mpi.toString()))));
    Run r = run(cmd);
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).contains("rank 0 listening on 127.0.0.1:");
    for (int rank = 1; rank < ranks; rank++) {
      assertThat(r.output()).contains("rank " + rank + " of " + ranks + " (mpirun (Open MPI)): served rank 0");
    }
    assertThat(Files.readAllBytes(mpi)).isEqualTo(Files.readAllBytes(threads));
    assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("threads.png", "mpi.png");
  }

  /** MPMD: rank 0 runs generate, the other ranks the worker command without --join. */
  @Test
  void workerCommandJoinsTheRankZeroTheEnvironmentNames() throws Exception {
    Path threads = dir.resolve("threads.png");
    Path mpi = dir.resolve("mpi.png");
    List<String> request = List.of("--prompt", "blue square", "--steps", "2", "--seed", "1", "--parallel", "ulysses");
    assertThat(inProcess(concat(List.of("generate"), request, List.of("--workers", "2",
        "--out", threads.toString())))).isZero();
    String port = "" + freePort();
    List<String> cmd = mpirun(1);
    cmd.addAll(cli(concat(List.of("generate"), request, List.of("--launcher", "env", "--master-port", port,
        "--out", mpi.toString()))));
    cmd.addAll(List.of(":", "-np", "1"));
    cmd.addAll(cli(List.of("worker", "--master-port", port)));
    Run r = run(cmd);
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(Files.readAllBytes(mpi)).isEqualTo(Files.readAllBytes(threads));
  }

  @Test
  void withoutTheTokenEveryRankStopsWithTheFix() throws Exception {
    List<String> cmd = mpirun(2);
    cmd.addAll(cli(List.of("generate", "--prompt", "red circle", "--steps", "1", "--parallel", "patch",
        "--launcher", "env", "--master-port", "" + freePort(), "--out", dir.resolve("x.png").toString())));
    Run r = run(cmd, false);
    assertThat(r.code()).as(r.output()).isNotZero();
    assertThat(r.output()).contains("error: --launcher env: every rank must present the same cluster token; export "
        + "COMPACTFUSION_TOKEN=");
    assertThat(dir.resolve("x.png")).doesNotExist();
  }

  /** serve: rank 0 answers over HTTP from the pool the other ranks make, and SIGTERM to mpirun drains it. */
  @Test
  void serveUnderMpirunAnswersFromItsPoolAndDrainsOnSigterm() throws Exception {
    Path threads = dir.resolve("threads.png");
    assertThat(inProcess(List.of("generate", "--prompt", "red circle", "--steps", "2", "--seed", "3", "--parallel",
        "ring", "--workers", "3", "--out", threads.toString()))).isZero();
    int httpPort = freePort();
    List<String> cmd = mpirun(3);
    cmd.addAll(cli(List.of("serve", "--listen", "127.0.0.1:" + httpPort, "--steps", "2", "--parallel", "ring",
        "--launcher", "env", "--master-port", "" + freePort())));
    Path log = dir.resolve("serve.log");
    Process p = start(cmd, true, log);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
      while (!Files.readString(log).contains("ready on http://") && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(Files.readString(log)).as("serve under mpirun became ready").contains("ready on http://");
      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + httpPort + "/v1/images/generations"))
          .timeout(Duration.ofSeconds(120))
          .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"red circle\", \"seed\": 3}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      String png = JsonParser.parseString(answer.body()).getAsJsonObject().getAsJsonArray("data").get(0)
          .getAsJsonObject().get("b64_json").getAsString();
      assertThat(Base64.getDecoder().decode(png)).isEqualTo(Files.readAllBytes(threads));
      p.destroy();  // SIGTERM; mpirun passes it to every rank
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("mpirun ended after SIGTERM").isTrue();
      assertThat(Files.readString(log)).contains("drained; stopped");
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private record Run(int code, String output) {}

  private Run run(List<String> cmd) throws Exception {
    return run(cmd, true);
  }

  private Run run(List<String> cmd, boolean withToken) throws Exception {
    Path log = dir.resolve("mpirun.log");
    Process p = start(cmd, withToken, log);
    try {
      if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("mpirun did not finish within " + LIMIT_SECONDS + " s: "
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static Process start(List<String> cmd, boolean withToken, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("COMPACTFUSION_TOKEN");
    if (withToken) {
      pb.environment().put("COMPACTFUSION_TOKEN", TOKEN);
    }
    // Open MPI refuses root without these; CI containers run as root.
    pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT", "1");
    pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
    return pb.start();
  }

  private static List<String> mpirun(int ranks) {
    List<String> cmd = new ArrayList<>(List.of("mpirun", "--oversubscribe", "-x", "COMPACTFUSION_TOKEN"));
    cmd.addAll(List.of("-np", "" + ranks));
    return cmd;
  }

  /** This test JVM's java and class path running the CLI, as ./compactfusion would. */
  private static List<String> cli(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true", "-Xss4m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args);
    return cmd;
  }

  private static int inProcess(List<String> args) {
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args.toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    return code;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    return Arrays.stream(parts).flatMap(List::stream).toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && Arrays.stream(path.split(File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }
}
