package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code serve}: usage errors before anything starts, a real server that drains on SIGTERM and
 * exits 0, and a served diffusers DiT folder whose label prompts give generate's image.
 */
class ServeCommandTest {
  private static final Path REFERENCE = Path.of("..", "models", "src", "test", "resources", "reference")
      .toAbsolutePath().normalize();

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--pools 0                                          | --pools must be between 1 and 64, got 0",
    "--queue 0                                          | --queue must be at least 1, got 0",
    "--listen nowhere                                   | --listen needs HOST:PORT",
    "--parallel ring --workers 2 --launcher remote      | serve starts its own workers",
    "--workers 2                                        | --workers 2 needs a parallel strategy",
    "--steps 0                                          | --steps must be between 1 and 10000, got 0",
    "--model ../models/src/test/resources/reference/pixart-tiny | PixArt folders are not served yet",
    "--model ../models/src/test/resources/reference/dit-tiny --steps 2000 | 2000 sampling steps do not fit",
  })
  void badOptionsAreUsageErrors(String args, String message) {
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("serve"));
    if (!args.contains("--listen")) {
      all.addAll(List.of("--listen", "127.0.0.1:0"));
    }
    all.addAll(List.of(args.trim().split("\\s+")));
    int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), all.toArray(String[]::new));
    assertThat(code).as(err.toString()).isEqualTo(2);
    assertThat(err.toString()).contains(message);
  }

  /**
   * The server JVM as a user starts it, with a procs pool: it answers, and SIGTERM (Process.destroy)
   * while a long request runs drains it: that request is answered 200, new ones get 503, the
   * worker processes stop, and it exits 0.
   */
  /** A server JVM started as a user starts it, its output in {@code log}. */
  private Process startServer(Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-Xss4m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--listen", "127.0.0.1:0"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits for the "ready on" line and returns the port it names. */
  private static int awaitReady(Process server, Path log) throws Exception {
    Pattern ready = Pattern.compile("ready on http://127\\.0\\.0\\.1:(\\d+) ");
    while (true) {
      Matcher m = ready.matcher(Files.readString(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      assertThat(server.isAlive()).as(Files.readString(log)).isTrue();
      Thread.sleep(50);
    }
  }

  @Test
  void aRealServerAnswersThenDrainsOnSigtermAndExitsZero() {
    assertTimeoutPreemptively(Duration.ofSeconds(240), () -> {
      Path log = Files.createTempFile(dir, "serve", ".log");
      Process server = startServer(log, "--steps", "2", "--parallel", "patch", "--workers", "2", "--launcher", "procs");
      try {
        int port = awaitReady(server, log);
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> image = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/v1/images/generations")).POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"red circle\", \"seed\": 3}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(image.statusCode()).as(image.body()).isEqualTo(200);
        assertThat(image.body()).contains("\"b64_json\"").contains("\"strategy\":\"patch\"");
        CompletableFuture<HttpResponse<String>> running = client.sendAsync(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/images/generations"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"blue square\", \"steps\": 400}")).build(),
            HttpResponse.BodyHandlers.ofString());
        URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        while (!client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body()
            .contains("compactfusion_requests_running 1\n")) {
          assertThat(running).isNotDone();
          Thread.sleep(20);
        }
        server.destroy();
        HttpResponse<String> finished = running.get(120, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).as(finished.body()).isEqualTo(200);
        assertThat(finished.body()).contains("\"steps\":400");
        assertThat(server.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String rest = Files.readString(log);
        assertThat(server.exitValue()).as(rest).isZero();
        assertThat(rest).contains("draining").contains("drained");
        assertThat(server.descendants().filter(ProcessHandle::isAlive)).isEmpty();
      } finally {
        server.destroyForcibly();
      }
    });
  }

  /**
   * A diffusers DiTPipeline folder served by a 2-worker patch pool: prompts are its labels (the
   * page's list offers each class by a name that names only it), a label's image is the PNG
   * {@code generate} writes for the same label, seed and plan, and an unknown label is a 400
   * naming the closest ones.
   */
  @Test
  void aDitFolderIsServedWithItsLabelsAsPromptsAndAnswersWhatGenerateWrites() {
    assertTimeoutPreemptively(Duration.ofSeconds(240), () -> {
      String tiny = REFERENCE.resolve("dit-tiny").toString();
      Path png = dir.resolve("goldfish.png");
      Object[] generated = StderrCapture.run("generate", "--model", tiny, "--prompt", "goldfish", "--seed", "3",
          "--steps", "2", "--parallel", "patch", "--workers", "2", "--out", png.toString());
      assertThat(generated[0]).as((String) generated[1]).isEqualTo(0);
      Path log = Files.createTempFile(dir, "serve-dit", ".log");
      Process server = startServer(log, "--model", tiny, "--steps", "2", "--parallel", "patch", "--workers", "2");
      try {
        int port = awaitReady(server, log);
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        JsonObject listed = JsonParser.parseString(client.send(HttpRequest.newBuilder(URI.create(base + "/v1/models"))
            .build(), HttpResponse.BodyHandlers.ofString()).body()).getAsJsonObject().getAsJsonArray("data").get(0)
            .getAsJsonObject();
        assertThat(listed.get("id").getAsString()).isEqualTo("dit-tiny");
        assertThat(listed.get("size").getAsString()).isEqualTo("16x16");
        assertThat(listed.get("default_steps").getAsInt()).isEqualTo(2);
        assertThat(listed.get("prompt_kind").getAsString()).isEqualTo("label");
        List<String> labels = new ArrayList<>();
        listed.getAsJsonArray("vocabulary").get(0).getAsJsonObject().getAsJsonArray("words")
            .forEach(w -> labels.add(w.getAsString()));
        assertThat(labels).containsExactly("tench", "goldfish", "golden retriever", "Labrador retriever", "otter");

        HttpResponse<String> image = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/images/generations"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"goldfish\", \"seed\": 3}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(image.statusCode()).as(image.body()).isEqualTo(200);
        String b64 = JsonParser.parseString(image.body()).getAsJsonObject().getAsJsonArray("data").get(0)
            .getAsJsonObject().get("b64_json").getAsString();
        assertThat(Base64.getDecoder().decode(b64)).isEqualTo(Files.readAllBytes(png));

        HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/images/generations"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"golden retreiver\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown label 'golden retreiver'").contains("207 (golden retriever)");
        server.destroy();
        assertThat(server.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).as(Files.readString(log)).isZero();
      } finally {
        server.destroyForcibly();
      }
    });
  }
}
