package dev.compactfusion.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.pool.WarmPool;
import dev.compactfusion.engine.run.ParallelGeneration;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.media.MediaIO;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Jobs: ids, the events stream (order and content), asynchronous submission, and cancel of a
 * queued and of a running job, on a real warm threads pool of 2 ring workers. Where a job must be
 * caught at a given point, the test holds the pool there with a latch, so nothing depends on how
 * long a step takes.
 */
class JobsTest {
  private static final ParallelPlan RING2 = ParallelPlan.of(Strategy.RING, 2, 0, 0, false,
      ParallelPlan.Compression.parse("none", "ef", 1));
  private static final Pattern EVENT = Pattern.compile("event: (\\w+)\ndata: (.*)\n\n");
  private static final String BODY = "{\"prompt\": \"red circle\", \"seed\": 7, \"steps\": 4}";

  private record Event(String name, JsonObject data) {}

  private static List<Event> events(String stream) {
    List<Event> out = new ArrayList<>();
    Matcher m = EVENT.matcher(stream);
    int end = 0;
    while (m.find()) {
      assertThat(m.start()).as("nothing between events").isEqualTo(end);
      out.add(new Event(m.group(1), JsonParser.parseString(m.group(2)).getAsJsonObject()));
      end = m.end();
    }
    assertThat(end).as("the stream ends after its last event").isEqualTo(stream.length());
    return out;
  }

  private static JsonObject json(HttpResponse<String> r) {
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  private static byte[] png(JsonObject answer) {
    return Base64.getDecoder().decode(answer.getAsJsonArray("data").get(0).getAsJsonObject().get("b64_json")
        .getAsString());
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(60, TimeUnit.SECONDS)).as("latch released in time").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static WarmPool pool(ServedModel model) {
    return WarmPool.start(new GenerationJob(model.warmup(), RING2),
        LaunchOptions.threads(Duration.ofSeconds(60)));
  }

  /**
   * An asynchronous POST answers 202 with the job id at once; a client subscribed before the
   * result gets running, one step event per step (step 1..4 of 4, elapsed not decreasing), then
   * done with the stats, and the stream closes; GET /v1/jobs/ID then holds the same PNG a one-shot
   * run makes. A synchronous POST names its job in the body and the X-Job-Id header.
   */
  @Test
  void eventsStreamStepsInOrderThenDoneAndTheResultWaitsAtTheJob() throws Exception {
    ServedModel model = Served.defaultModel();
    CountDownLatch subscribed = new CountDownLatch(1);
    try (WarmPool pool = pool(model);
        ImageServer server = ImageServer.listen("127.0.0.1", 0, model, 4, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      ImageBackend warm = ImageBackend.of(pool);
      // The first request waits for the test's subscription, so the client is there before the result.
      server.ready(List.of((request, listener) -> {
        await(subscribed);
        return warm.generate(request, listener);
      }));
      Http http = new Http(server);
      HttpResponse<String> accepted = http.postAsync(HttpApi.GENERATIONS, BODY);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      String id = json(accepted).get("id").getAsString();
      assertThat(accepted.headers().firstValue(HttpApi.JOB_HEADER)).hasValue(id);
      assertThat(accepted.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
      assertThat(json(accepted).get("status").getAsString()).isIn("queued", "running");
      CompletableFuture<HttpResponse<String>> stream = CompletableFuture.supplyAsync(
          () -> http.get("/v1/jobs/" + id + "/events"));
      // The job cannot end before the test lets it: what the stream holds is all live or replayed, in order.
      assertThat(json(http.get("/v1/jobs/" + id)).get("status").getAsString()).isIn("queued", "running");
      subscribed.countDown();
      HttpResponse<String> sse = stream.get(120, TimeUnit.SECONDS);
      assertThat(sse.statusCode()).isEqualTo(200);
      assertThat(sse.headers().firstValue("Content-Type")).hasValueSatisfying(
          v -> assertThat(v).startsWith("text/event-stream"));
      List<Event> events = events(sse.body());
      assertThat(events).extracting(Event::name).containsExactly("running", "step", "step", "step", "step", "done");
      double elapsed = 0;
      for (int s = 1; s <= 4; s++) {
        JsonObject step = events.get(s).data();
        assertThat(step.get("id").getAsString()).isEqualTo(id);
        assertThat(step.get("step").getAsInt()).isEqualTo(s);
        assertThat(step.get("of").getAsInt()).isEqualTo(4);
        assertThat(step.get("image").getAsInt()).isZero();
        assertThat(step.get("elapsed").getAsDouble()).isGreaterThanOrEqualTo(elapsed);
        elapsed = step.get("elapsed").getAsDouble();
      }
      JsonObject done = events.get(5).data();
      assertThat(done.get("status").getAsString()).isEqualTo("succeeded");
      assertThat(done.getAsJsonObject("stats").get("steps").getAsInt()).isEqualTo(4);
      assertThat(done.getAsJsonObject("stats").get("workers").getAsInt()).isEqualTo(2);

      HttpResponse<String> finished = http.get("/v1/jobs/" + id);
      assertThat(finished.statusCode()).isEqualTo(200);
      assertThat(json(finished).get("status").getAsString()).isEqualTo("succeeded");
      RunResult alone = ParallelGeneration.run(new GenerationJob(model.request("red circle", 7, 4,
          model.defaultGuidance()), RING2), LaunchOptions.threads(Duration.ofSeconds(60)));
      assertThat(png(json(finished).getAsJsonObject("result"))).isEqualTo(MediaIO.png(alone.frames(), 1));
      // A stream opened after the end replays the whole story, and says the connection closes after
      // it, so the client does not reuse that socket for the POST below.
      HttpResponse<String> replay = http.get("/v1/jobs/" + id + "/events");
      assertThat(replay.headers().firstValue("connection")).hasValue("close");
      assertThat(events(replay.body())).extracting(Event::name)
          .containsExactly("running", "step", "step", "step", "step", "done");

      HttpResponse<String> sync = http.post(BODY);
      assertThat(sync.statusCode()).isEqualTo(200);
      String syncId = json(sync).get("id").getAsString();
      assertThat(sync.headers().firstValue(HttpApi.JOB_HEADER)).hasValue(syncId);
      assertThat(syncId).isNotEqualTo(id);
      assertThat(png(json(sync))).isEqualTo(MediaIO.png(alone.frames(), 1));
      assertThat(http.get("/v1/jobs/job_nothing").statusCode()).isEqualTo(404);
      assertThat(http.delete("/v1/jobs/job_nothing").statusCode()).isEqualTo(404);
      assertThat(http.delete("/v1/jobs/" + id).statusCode()).as("a finished job cannot be cancelled").isEqualTo(409);
      assertThat(server.metrics()).contains("compactfusion_jobs_total{status=\"succeeded\"} 2\n")
          .contains("compactfusion_wire_bytes_total{codec=\"none\"} " + 2 * alone.stats().bytesSent() + "\n")
          .contains("compactfusion_raw_bytes_total{codec=\"none\"} " + 2 * alone.stats().bytesRaw() + "\n")
          .containsPattern("compactfusion_steps_per_second [1-9]");
    }
  }

  /**
   * DELETE on a queued job: it leaves the queue at once (200, cancelled), its waiting client gets
   * 409 naming the cancel, its events end with an error, and the job before it is not disturbed.
   */
  @Test
  void aCancelledQueuedJobLeavesTheQueueAndItsClientIsToldWhy() throws Exception {
    ServedModel model = Served.defaultModel();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    RunResult image = ParallelGeneration.run(model.request("red circle", 1, 1, 1f), ParallelPlan.serial(),
        LaunchOptions.threads(Duration.ofSeconds(30)));
    try (ImageServer server = ImageServer.listen("127.0.0.1", 0, model, 4, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      server.ready(List.of((request, listener) -> {
        entered.countDown();
        await(gate);
        return image;
      }));
      Http http = new Http(server);
      CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(() -> http.post(BODY));
      await(entered);
      String queuedId = json(http.postAsync(HttpApi.GENERATIONS, BODY)).get("id").getAsString();
      CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(
          () -> http.get("/v1/jobs/" + queuedId + "/events"));
      assertThat(server.queueDepth()).isEqualTo(1);
      HttpResponse<String> cancel = http.delete("/v1/jobs/" + queuedId);
      assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
      assertThat(json(cancel).get("status").getAsString()).isEqualTo("cancelled");
      assertThat(server.queueDepth()).isZero();
      List<Event> events = events(waiting.get(60, TimeUnit.SECONDS).body());
      assertThat(events).extracting(Event::name).containsExactly("error");
      assertThat(events.get(0).data().get("status").getAsString()).isEqualTo("cancelled");
      JsonObject job = json(http.get("/v1/jobs/" + queuedId));
      assertThat(job.get("status").getAsString()).isEqualTo("cancelled");
      assertThat(job.getAsJsonObject("error").get("message").getAsString()).contains("job " + queuedId
          + " was cancelled");

      // A synchronous client waiting in the queue is answered with the cancel.
      CompletableFuture<HttpResponse<String>> syncWaiting = CompletableFuture.supplyAsync(() -> http.post(BODY));
      String syncId = awaitQueuedId(server, http);
      assertThat(http.delete("/v1/jobs/" + syncId).statusCode()).isEqualTo(200);
      HttpResponse<String> told = syncWaiting.get(60, TimeUnit.SECONDS);
      assertThat(told.statusCode()).isEqualTo(409);
      assertThat(told.headers().firstValue(HttpApi.JOB_HEADER)).hasValue(syncId);
      assertThat(JsonParser.parseString(told.body()).getAsJsonObject().getAsJsonObject("error").get("message")
          .getAsString()).isEqualTo("job " + syncId + " was cancelled (DELETE /v1/jobs/" + syncId + ")");

      gate.countDown();
      assertThat(running.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(server.metrics()).contains("compactfusion_jobs_total{status=\"cancelled\"} 2\n")
          .contains("compactfusion_jobs_total{status=\"succeeded\"} 1\n");
    }
  }

  /** The id of the first job in the queue, once a client's POST has put one there. */
  private static String awaitQueuedId(ImageServer server, Http http) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String id = server.queuedJobIds().stream().findFirst().orElse(null);
      if (id != null) {
        return id;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no job reached the queue within 60 s");
  }

  /**
   * DELETE on a running job: the pool finishes the step it is in, the job ends cancelled (its
   * client gets 409, its events end with an error after step 1), and the next request, with the
   * same seed, gets the same PNG as before the cancel on the same workers (nothing launched or
   * loaded again); a cancel is not counted as a worker failure.
   */
  @Test
  void aCancelledRunningJobStopsAfterItsStepAndTheNextRequestGetsTheSamePng() throws Exception {
    ServedModel model = Served.defaultModel();
    try (WarmPool pool = pool(model);
        ImageServer server = ImageServer.listen("127.0.0.1", 0, model, 4, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      ImageBackend warm = ImageBackend.of(pool);
      CountDownLatch inStepOne = new CountDownLatch(1);
      CountDownLatch cancelSent = new CountDownLatch(1);
      AtomicBoolean hold = new AtomicBoolean();
      server.ready(List.of((request, listener) -> warm.generate(request, (done, total) -> {
        if (done == 1 && hold.getAndSet(false)) {
          inStepOne.countDown();
          await(cancelSent);
        }
        listener.stepDone(done, total);
      })));
      Http http = new Http(server);
      HttpResponse<String> before = http.post(BODY);
      assertThat(before.statusCode()).as(before.body()).isEqualTo(200);

      hold.set(true);
      CompletableFuture<HttpResponse<String>> victim = CompletableFuture.supplyAsync(() -> http.post(BODY));
      await(inStepOne);
      String id = server.runningJobIds().get(0);
      HttpResponse<String> cancel = http.delete("/v1/jobs/" + id);
      assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
      assertThat(json(cancel).get("status").getAsString()).isEqualTo("cancelling");
      cancelSent.countDown();
      HttpResponse<String> told = victim.get(120, TimeUnit.SECONDS);
      assertThat(told.statusCode()).as(told.body()).isEqualTo(409);
      assertThat(told.body()).contains("job " + id + " was cancelled");
      List<Event> events = events(http.get("/v1/jobs/" + id + "/events").body());
      assertThat(events).extracting(Event::name).containsExactly("running", "step", "error");
      assertThat(events.get(1).data().get("step").getAsInt()).isEqualTo(1);
      assertThat(events.get(2).data().get("status").getAsString()).isEqualTo("cancelled");

      HttpResponse<String> after = http.post(BODY);
      assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
      assertThat(png(json(after))).isEqualTo(png(json(before)));
      JsonObject stats = json(after).getAsJsonObject("stats");
      assertThat(stats.get("launch_seconds").getAsDouble()).isZero();
      for (var worker : stats.getAsJsonArray("per_worker")) {
        assertThat(worker.getAsJsonObject().get("model_loads").getAsInt()).isEqualTo(1);
      }
      assertThat(server.metrics()).contains("compactfusion_jobs_total{status=\"cancelled\"} 1\n")
          .contains("compactfusion_jobs_total{status=\"succeeded\"} 2\n")
          .contains("compactfusion_worker_restarts_total 0\n");
    }
  }
}
