package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.pool.WarmPool;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.registry.EmbeddedModels;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.serve.ImageBackend;
import dev.compactfusion.serve.ImageServer;
import dev.compactfusion.serve.PromptWords;
import dev.compactfusion.serve.ServedModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench throughput --server} in CI size against an in-process server (a 2-worker ring pool
 * on threads, the embedded default model, 2 steps): the counts and statuses it reports, and its
 * refusals. No timing is asserted.
 */
class BenchServerTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void sevenRequestsFromThreeClientsAreAllAnsweredAndCounted() throws Exception {
    ModelSource source = ModelSource.resolve(EmbeddedModels.DEFAULT);
    ModelConfig c = source.config();
    ServedModel model = new ServedModel(c.name(), EmbeddedModels.DEFAULT, source.location(), c.imageSize(),
        c.imageSize(), c.frames(), c.tokens(), 2, c.sampler().guidance(), PromptWords.of(c.vocabulary()), null);
    ParallelPlan ring2 = ParallelPlan.of(Strategy.RING, 2, 0, 0, false, ParallelPlan.Compression.parse("none", "ef", 1));
    GenerationJob warmup = new GenerationJob(model.warmup(), ring2);
    Path out = dir.resolve("load");
    Result r;
    String metrics;
    try (WarmPool pool = WarmPool.start(warmup, LaunchOptions.threads(Duration.ofSeconds(60)));
        ImageServer server = ImageServer.listen("127.0.0.1", 0, model, 64, "load-test-token",
            ImageServer.DEFAULT_BODY_LIMIT)) {
      server.ready(List.of(ImageBackend.of(pool)));
      r = run("bench", "throughput", "--server", "http://127.0.0.1:" + server.port() + "/", "--token",
          "load-test-token", "--clients", "3", "--requests", "7", "--steps", "2", "--prompt", "blue square",
          "--seed", "10", "--out", out.toString());
      metrics = server.metrics();
    }
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("7 of 7 answered 200 (200: 7)").contains("wrote " + out);
    JsonObject o = JsonParser.parseString(Files.readString(out.resolve("server-throughput.json"))).getAsJsonObject();
    assertThat(o.get("requests").getAsInt()).isEqualTo(7);
    assertThat(o.get("clients").getAsInt()).isEqualTo(3);
    assertThat(o.get("succeeded").getAsInt()).isEqualTo(7);
    assertThat(o.getAsJsonObject("statuses").keySet()).containsExactly("200");
    assertThat(o.getAsJsonArray("failures")).isEmpty();
    List<String> rows = Files.readAllLines(out.resolve("server-throughput.csv"));
    assertThat(rows).hasSize(8);
    for (int i = 0; i < 7; i++) {
      String[] cells = rows.get(i + 1).split(",", -1);
      assertThat(cells[0]).isEqualTo("" + i);
      assertThat(cells[1]).isEqualTo("200");
      assertThat(cells[3]).as("run seconds from the answer's stats").isNotEmpty();
    }
    // The server saw the same: seven generations of two steps, all answered 200.
    assertThat(metrics).contains("compactfusion_http_requests_total{path=\"/v1/images/generations\",code=\"200\"} 7\n");
    assertThat(metrics).contains("compactfusion_images_total 7\n");
    assertThat(metrics).contains("compactfusion_steps_total 14\n");
  }

  @Test
  void aServerThatIsNotThereIsARuntimeFailureWithoutOutput() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Result r = run("bench", "throughput", "--server", "http://127.0.0.1:" + port, "--requests", "2",
        "--out", dir.resolve("none").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: cannot reach http://127.0.0.1:" + port + " (is 'compactfusion serve' running");
    assertThat(dir.resolve("none")).doesNotExist();
  }

  @Test
  void workerOptionsAndServerOnlyOptionsAreRefusedWhereTheyMeanNothing() {
    Result methods = run("bench", "throughput", "--server", "http://127.0.0.1:1", "--methods", "ulysses");
    assertThat(methods.code()).isEqualTo(2);
    assertThat(methods.err()).startsWith("error: --methods configures workers this command starts");
    Result clients = run("bench", "throughput", "--clients", "4");
    assertThat(clients.code()).isEqualTo(2);
    assertThat(clients.err()).startsWith("error: --clients is for a load against a server: add --server URL");
    Result url = run("bench", "throughput", "--server", "ftp://host/");
    assertThat(url.code()).isEqualTo(2);
    assertThat(url.err()).startsWith("error: --server needs an http:// address");
  }
}
