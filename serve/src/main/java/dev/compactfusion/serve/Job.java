package dev.compactfusion.serve;

import com.google.gson.JsonObject;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.models.generate.GenerationRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One accepted generation request: its id, its images, and what has happened to it so far as
 * server-sent events. Every event is kept, so a subscriber that comes late (or after the end)
 * gets the whole story; the final event ({@code done} or {@code error}) ends every stream.
 * {@link #answer} completes with the response body or with the {@link ApiError} to answer with,
 * whether a client waits on it (synchronous POST) or fetches it later ({@code GET /v1/jobs/ID}).
 */
final class Job {
  /** One server-sent event, as it goes on the wire; {@code last} for the one that ends the stream. */
  record Event(String frame, boolean last) {}

  enum Status {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    boolean finished() {
      return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
  }

  private final String id;
  private final List<GenerationRequest> images;
  private final long arrivedNanos;
  private final Function<List<RunResult>, JsonObject> render;
  private final AtomicReference<Status> status = new AtomicReference<>(Status.QUEUED);
  private final CompletableFuture<JsonObject> answer = new CompletableFuture<>();
  private final List<Event> events = new ArrayList<>();
  private final List<Consumer<Event>> subscribers = new ArrayList<>();
  private boolean ended;
  private volatile boolean cancelRequested;
  private volatile long startedNanos;
  private volatile int step;
  private volatile int image;

  /**
   * @param render turns the pool's results into the response body (on the pool's thread, so that
   *     encoding counts as the job's time and a failure there is the job's failure)
   */
  Job(String id, List<GenerationRequest> images, long arrivedNanos, Function<List<RunResult>, JsonObject> render) {
    this.id = id;
    this.images = List.copyOf(images);
    this.arrivedNanos = arrivedNanos;
    this.render = render;
  }

  String id() {
    return id;
  }

  List<GenerationRequest> images() {
    return images;
  }

  long arrivedNanos() {
    return arrivedNanos;
  }

  Status status() {
    return status.get();
  }

  CompletableFuture<JsonObject> answer() {
    return answer;
  }

  boolean cancelRequested() {
    return cancelRequested;
  }

  /** Steps done per image, in the image now running (0 before the first). */
  int step() {
    return step;
  }

  /** The image now running, 0-based. */
  int image() {
    return image;
  }

  /** A pool takes it: false when it was cancelled while it waited (the pool skips it). */
  boolean start() {
    if (!status.compareAndSet(Status.QUEUED, Status.RUNNING)) {
      return false;
    }
    startedNanos = System.nanoTime();
    JsonObject data = base();
    data.addProperty("waited", (startedNanos - arrivedNanos) / 1e9);
    publish("running", data, false);
    return true;
  }

  /** Called after each denoising step of image {@code index}: publishes it, and stops the pool when cancelled. */
  void stepDone(int index, int done, int total) {
    image = index;
    step = done;
    JsonObject data = base();
    data.addProperty("image", index);
    data.addProperty("images", images.size());
    data.addProperty("step", done);
    data.addProperty("of", total);
    data.addProperty("elapsed", (System.nanoTime() - startedNanos) / 1e9);
    publish("step", data, false);
  }

  /**
   * Asks for the job to stop. A queued job ends now (true); a running one ends after its current
   * step, when the pool sees the request (false); a finished one is left alone (false).
   */
  boolean cancel() {
    if (status.compareAndSet(Status.QUEUED, Status.CANCELLED)) {
      finish(Status.CANCELLED, null, cancelled());
      return true;
    }
    cancelRequested = true;
    return false;
  }

  ApiError cancelled() {
    return new ApiError(HttpResponseStatus.CONFLICT, null,
        "job " + id + " was cancelled (DELETE /v1/jobs/" + id + ")");
  }

  /** The pool's results: renders the body, then the {@code done} event with the first image's stats. */
  void succeed(List<RunResult> results) {
    JsonObject body = render.apply(results);
    body.addProperty("id", id);
    if (status.compareAndSet(Status.RUNNING, Status.SUCCEEDED)) {
      finish(Status.SUCCEEDED, body, null);
    }
  }

  /** The pool's failure (or its cancel, seen by the pool). */
  void fail(ApiError error, boolean wasCancel) {
    Status end = wasCancel ? Status.CANCELLED : Status.FAILED;
    if (status.compareAndSet(Status.RUNNING, end)) {
      finish(end, null, error);
    }
  }

  /** Seconds since it arrived. */
  double ageSeconds() {
    return (System.nanoTime() - arrivedNanos) / 1e9;
  }

  /**
   * Sends every event so far to {@code subscriber}, then each new one as it happens, up to the
   * last. Delivery holds this job's lock, so that the replay and new events keep their order: a
   * subscriber must only hand the event on (e.g. queue a write), never wait.
   */
  synchronized void subscribe(Consumer<Event> subscriber) {
    events.forEach(subscriber);
    if (!ended) {
      subscribers.add(subscriber);
    }
  }

  synchronized void unsubscribe(Consumer<Event> subscriber) {
    subscribers.remove(subscriber);
  }

  /** What {@code GET /v1/jobs/ID} answers: the status, the progress, and the body or error once finished. */
  JsonObject describe() {
    JsonObject o = base();
    o.addProperty("object", "job");
    Status s = status.get();
    o.addProperty("status", s.label());
    o.addProperty("images", images.size());
    o.addProperty("steps", images.get(0).steps());
    if (s == Status.RUNNING) {
      o.addProperty("image", image);
      o.addProperty("step", step);
    }
    if (s.finished()) {
      JsonObject result = answer.handle((body, e) -> {
        if (body != null) {
          return body;
        }
        return e instanceof ApiError a ? a.toJson() : e.getCause() instanceof ApiError a ? a.toJson() : null;
      }).getNow(null);
      if (result != null && result.has("error")) {
        o.add("error", result.get("error"));
      } else if (result != null) {
        o.add("result", result);
      }
    }
    return o;
  }

  private void finish(Status end, JsonObject body, ApiError error) {
    JsonObject data = base();
    data.addProperty("status", end.label());
    data.addProperty("elapsed", ageSeconds());
    if (body != null) {
      data.add("stats", body.get("stats"));
      publish("done", data, true);
      answer.complete(body);
    } else {
      data.add("error", error.toJson().get("error"));
      publish("error", data, true);
      answer.completeExceptionally(error);
    }
  }

  private JsonObject base() {
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    return o;
  }

  private synchronized void publish(String name, JsonObject data, boolean last) {
    Event event = new Event("event: " + name + "\ndata: " + data + "\n\n", last);
    events.add(event);
    List.copyOf(subscribers).forEach(s -> s.accept(event));
    if (last) {
      ended = true;
      subscribers.clear();
    }
  }
}
