package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code serve}: usage errors before anything starts, and a real server that drains on SIGTERM and exits 0. */
class ServeCommandTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--pools 0                                          | --pools must be between 1 and 64, got 0",
    "--queue 0                                          | --queue must be at least 1, got 0",
    "--listen nowhere                                   | --listen needs HOST:PORT",
    "--parallel ring --workers 2 --launcher remote      | serve starts its own workers",
    "--workers 2                                        | --workers 2 needs a parallel strategy",
    "--steps 0                                          | --steps must be between 1 and 10000, got 0",
  })
  void badOptionsAreUsageErrors(String args, String message) {
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("serve"));
    if (!args.contains("--listen")) {
      all.addAll(List.of("--listen", "127.0.0.1:0"));
    }
    all.addAll(List.of(args.trim().split("\\s+")));
    int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), all.toArray(String[]::new));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(message);
  }

  /**
   * The server JVM as a user starts it, with a procs pool: it answers, and SIGTERM (Process.destroy)
   * while a long request runs drains it: that request is answered 200, new ones get 503, the
   * worker processes stop, and it exits 0.
   */
  @Test
  void aRealServerAnswersThenDrainsOnSigtermAndExitsZero() {
    assertTimeoutPreemptively(Duration.ofSeconds(240), () -> {
      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Dai.djl.offline=true", "-Xss4m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
          "serve", "--listen", "127.0.0.1:0", "--steps", "2", "--parallel", "patch", "--workers", "2", "--launcher", "procs");
      Path log = Files.createTempFile(dir, "serve", ".log");
      Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        Pattern ready = Pattern.compile("ready on http://127\\.0\\.0\\.1:(\\d+) ");
        int port = -1;
        while (port < 0) {
          Matcher m = ready.matcher(Files.readString(log));
          if (m.find()) {
            port = Integer.parseInt(m.group(1));
          } else {
            assertThat(server.isAlive()).as(Files.readString(log)).isTrue();
            Thread.sleep(50);
          }
        }
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
}
