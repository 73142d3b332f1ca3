package dev.compactfusion.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.run.ParallelGeneration;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.engine.worker.WorkerFailedException;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.sampling.StepListener;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admission and errors: each refusal has its status and a JSON error naming the field at fault.
 * The pool here hands back one real image computed up front, or waits on a gate, so that a full
 * queue and a drain are reached by what the test does, not by how long anything takes.
 */
class ServeApiTest {
  private static ServedModel model;
  private static RunResult image;

  @BeforeAll
  static void oneRealImage() {
    model = Served.defaultModel();
    image = ParallelGeneration.run(model.request("red circle", 1, 1, 1f), ParallelPlan.serial(),
        LaunchOptions.threads(Duration.ofSeconds(30)));
  }

  private static ImageServer server(int queue, String token, int bodyLimit) {
    return ImageServer.listen("127.0.0.1", 0, model, queue, token, bodyLimit);
  }

  private static JsonObject error(HttpResponse<String> r) {
    return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("error");
  }

  @Test
  void healthIs503UntilThePoolsAreWarmAndGenerationsWaitForIt() {
    try (ImageServer server = server(4, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      Http http = new Http(server);
      assertThat(http.get(HttpApi.HEALTH).statusCode()).isEqualTo(503);
      assertThat(http.get(HttpApi.HEALTH).body()).contains("warming");
      assertThat(http.post("{\"prompt\": \"red circle\"}").statusCode()).isEqualTo(503);
      server.ready(List.of((r, l) -> image));
      assertThat(http.get(HttpApi.HEALTH).statusCode()).isEqualTo(200);
      HttpResponse<String> ok = http.post("{\"prompt\": \"red circle\", \"n\": 2, \"seed\": 5}");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      JsonObject body = JsonParser.parseString(ok.body()).getAsJsonObject();
      assertThat(body.getAsJsonArray("data")).hasSize(2);
      assertThat(body.getAsJsonArray("data").get(1).getAsJsonObject().get("seed").getAsLong()).isEqualTo(6);
      assertThat(http.get(HttpApi.MODELS).body()).contains("\"id\":\"" + model.id() + "\"");
    }
  }

  @Test
  void aPortInUseIsRefusedNamingIt() {
    try (ImageServer first = server(4, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      assertThatThrownBy(() -> ImageServer.listen("127.0.0.1", first.port(), model, 4, null, 1024))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
    }
  }

  @Test
  void badBodiesAre400NamingTheField() {
    try (ImageServer server = server(4, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      server.ready(List.of((r, l) -> image));
      Http http = new Http(server);
      HttpResponse<String> malformed = http.post("{\"prompt\": \"red circle\"");
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(error(malformed).get("message").getAsString()).startsWith("malformed JSON");
      assertBad(http.post("{\"prompt\": \"red circle\", \"quality\": \"hd\"}"), "quality", "unknown field");
      assertBad(http.post("{\"prompt\": \"red circle\", \"response_format\": \"url\"}"), "response_format",
          "use b64_json");
      assertBad(http.post("{\"prompt\": \"red circle\", \"size\": \"1024x1024\"}"), "size", "use " + model.size());
      assertBad(http.post("{\"prompt\": \"red circle\", \"n\": 0}"), "n", "between 1 and");
      assertBad(http.post("{\"prompt\": \"red circle\", \"steps\": 2.5}"), "steps", "whole number");
      assertBad(http.post("{\"prompt\": \"red circle\", \"guidance\": -1}"), "guidance", ">= 0");
      assertBad(http.post("{\"n\": 1}"), "prompt", "missing");
      assertBad(http.post("{\"prompt\": \"red circle\", \"output_format\": \"gif\"}"), "output_format", "use png");
      assertThat(http.get(HttpApi.METRICS).body())
          .contains("compactfusion_http_requests_total{path=\"/v1/images/generations\",code=\"400\"} 9\n");
    }
  }

  private static void assertBad(HttpResponse<String> r, String param, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(error(r).get("param").getAsString()).isEqualTo(param);
    assertThat(error(r).get("message").getAsString()).contains(message);
  }

  @Test
  void aMissingOrWrongTokenIs401AndHealthAndThePageNeedNone() {
    try (ImageServer server = server(4, "s3cret-token", ImageServer.DEFAULT_BODY_LIMIT)) {
      server.ready(List.of((r, l) -> image));
      Http http = new Http(server);
      HttpResponse<String> page = http.get(HttpApi.PAGE);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      // Self-contained: no script, style or image fetched from anywhere.
      assertThat(page.body()).contains("<title>compactfusion serve</title>").doesNotContain("src=\"http")
          .doesNotContain("href=\"http").doesNotContain("@import");
      assertThat(http.get("/v1/jobs/job_0").statusCode()).as("job routes need the token too").isEqualTo(401);
      assertThat(http.post("{\"prompt\": \"red circle\"}").statusCode()).isEqualTo(401);
      assertThat(http.post("{\"prompt\": \"red circle\"}", "guess").statusCode()).isEqualTo(401);
      assertThat(http.get(HttpApi.MODELS).statusCode()).isEqualTo(401);
      assertThat(http.get(HttpApi.METRICS, "guess").statusCode()).isEqualTo(401);
      assertThat(http.get(HttpApi.HEALTH).statusCode()).isEqualTo(200);
      assertThat(http.post("{\"prompt\": \"red circle\"}", "s3cret-token").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aBodyOverTheLimitIs413() {
    try (ImageServer server = server(4, null, 1024)) {
      server.ready(List.of((r, l) -> image));
      Http http = new Http(server);
      HttpResponse<String> big = http.post("{\"prompt\": \"" + "red ".repeat(600) + "\"}");
      assertThat(big.statusCode()).isEqualTo(413);
      assertThat(error(big).get("message").getAsString()).contains("over 1024 bytes");
      assertThat(new Http(server).post("{\"prompt\": \"red circle\"}").statusCode()).isEqualTo(200);
    }
  }

  /** One request runs (held at the gate), one waits in a queue of 1: the third is refused. */
  @Test
  void aFullQueueIs429WithRetryAfter() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    try (ImageServer server = server(1, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      server.ready(List.of((r, l) -> {
        entered.countDown();
        await(gate);
        return image;
      }));
      Http http = new Http(server);
      CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(
          () -> http.post("{\"prompt\": \"red circle\"}"));
      assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<HttpResponse<String>> queued = CompletableFuture.supplyAsync(
          () -> http.post("{\"prompt\": \"blue circle\"}"));
      while (server.queueDepth() < 1) {
        Thread.sleep(5);
      }
      HttpResponse<String> refused = http.post("{\"prompt\": \"green circle\"}");
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
          v -> assertThat(Long.parseLong(v)).isPositive());
      assertThat(server.metrics()).contains("compactfusion_queue_depth 1\n");
      gate.countDown();
      assertThat(running.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(queued.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(server.metrics())
          .contains("compactfusion_http_requests_total{path=\"/v1/images/generations\",code=\"429\"} 1\n")
          .contains("compactfusion_http_requests_total{path=\"/v1/images/generations\",code=\"200\"} 2\n");
    }
  }

  /** A pool whose worker died answers 500 naming it; its next request (fresh workers) succeeds. */
  @Test
  void aFailedWorkerIs500NamingItAndTheNextRequestSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    ImageBackend failsOnce = new ImageBackend() {
      @Override
      public RunResult generate(GenerationRequest request, StepListener listener) {
        if (calls.getAndIncrement() == 0) {
          throw new WorkerFailedException(1, "worker 1 (pid 4711) failed: process exited with code 137", null);
        }
        return image;
      }

      @Override
      public int restarts() {
        return calls.get() > 1 ? 1 : 0;
      }
    };
    try (ImageServer server = server(4, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      server.ready(List.of(failsOnce));
      Http http = new Http(server);
      HttpResponse<String> failed = http.post("{\"prompt\": \"red circle\"}");
      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(error(failed).get("message").getAsString()).contains("worker 1 (pid 4711) failed");
      assertThat(http.post("{\"prompt\": \"red circle\"}").statusCode()).isEqualTo(200);
      assertThat(server.metrics()).contains("compactfusion_worker_restarts_total 1\n")
          .contains("compactfusion_http_requests_total{path=\"/v1/images/generations\",code=\"500\"} 1\n");
    }
  }

  /** Two pools take from the one queue: two requests run at once, each on its own pool. */
  @Test
  void twoPoolsServeTwoRequestsAtOnce() throws Exception {
    CountDownLatch bothIn = new CountDownLatch(2);
    CountDownLatch gate = new CountDownLatch(1);
    ImageBackend held = (r, l) -> {
      bothIn.countDown();
      await(gate);
      return image;
    };
    try (ImageServer server = server(4, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      server.ready(List.of(held, held));
      Http http = new Http(server);
      CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() -> http.post("{\"prompt\": \"red circle\"}"));
      CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(() -> http.post("{\"prompt\": \"blue circle\"}"));
      assertThat(bothIn.await(60, TimeUnit.SECONDS)).as("both pools busy at once").isTrue();
      assertThat(server.metrics()).contains("compactfusion_requests_running 2\n");
      gate.countDown();
      assertThat(a.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(b.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  /** A drain answers the request it accepted and refuses new ones with 503. */
  @Test
  void aDrainFinishesTheRunningRequestAndRefusesNewOnes() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    ImageServer server = server(4, null, ImageServer.DEFAULT_BODY_LIMIT);
    server.ready(List.of((r, l) -> {
      entered.countDown();
      await(gate);
      return image;
    }));
    Http http = new Http(server);
    CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(
        () -> http.post("{\"prompt\": \"red circle\"}"));
    assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
      try {
        server.drain();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    while (http.get(HttpApi.HEALTH).statusCode() != 503) {
      Thread.sleep(5);
    }
    HttpResponse<String> late = http.post("{\"prompt\": \"blue circle\"}");
    assertThat(late.statusCode()).isEqualTo(503);
    assertThat(error(late).get("message").getAsString()).contains("shutting down");
    assertThat(drained).isNotDone();
    gate.countDown();
    assertThat(running.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    drained.get(60, TimeUnit.SECONDS);
  }

  private static void await(CountDownLatch gate) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
