package dev.compactfusion.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.engine.stats.StatsJson;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.media.MediaIO;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The routes: {@code POST /v1/images/generations} and {@code /v1/videos/generations}, the jobs
 * they create ({@code GET} and {@code DELETE /v1/jobs/ID}, {@code GET /v1/jobs/ID/events}),
 * {@code GET /v1/models}, {@code GET /health}, {@code GET /metrics} and the web page at
 * {@code GET /}. Every answer, errors included, is counted in the metrics by path and status;
 * job paths count under their template and unknown paths under "other", so that neither ids nor
 * scanners can grow the label set.
 */
@ChannelHandler.Sharable
final class HttpApi extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final String GENERATIONS = "/v1/images/generations";
  static final String VIDEOS = "/v1/videos/generations";
  static final String MODELS = "/v1/models";
  static final String HEALTH = "/health";
  static final String METRICS = "/metrics";
  static final String PAGE = "/";
  static final String JOBS = "/v1/jobs/";
  static final String JOB = "/v1/jobs/{id}";
  static final String JOB_EVENTS = "/v1/jobs/{id}/events";
  /** The header naming the job of a generation answer. */
  static final String JOB_HEADER = "X-Job-Id";

  private final ServerState state;

  HttpApi(ServerState state) {
    this.state = state;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = pathOf(request.uri());
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    try {
      // The page holds no data: it asks for a token itself when the API wants one.
      if (!path.equals(HEALTH) && !path.equals(PAGE)) {
        authorize(request);
      }
      if (path.startsWith(JOBS)) {
        job(ctx, request, path.substring(JOBS.length()), keepAlive);
        return;
      }
      switch (path) {
        case GENERATIONS -> generations(ctx, request, keepAlive, false);
        case VIDEOS -> generations(ctx, request, keepAlive, true);
        case MODELS -> {
          requireMethod(request, HttpMethod.GET);
          reply(ctx, path, HttpResponseStatus.OK, models(), keepAlive);
        }
        case HEALTH -> {
          requireMethod(request, HttpMethod.GET);
          health(ctx, keepAlive);
        }
        case METRICS -> {
          requireMethod(request, HttpMethod.GET);
          send(ctx, METRICS, response(HttpResponseStatus.OK, state.metrics().prometheus(),
              "text/plain; version=0.0.4; charset=utf-8"), keepAlive);
        }
        case PAGE -> {
          requireMethod(request, HttpMethod.GET);
          send(ctx, PAGE, response(HttpResponseStatus.OK, WebPage.html(), "text/html; charset=utf-8"), keepAlive);
        }
        default -> throw new ApiError(HttpResponseStatus.NOT_FOUND, null, "no route " + path + "; try " + GENERATIONS);
      }
    } catch (ApiError e) {
      error(ctx, known(path), e, keepAlive);
    }
  }

  private void generations(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, boolean video) {
    String route = video ? VIDEOS : GENERATIONS;
    requireMethod(request, HttpMethod.POST);
    long arrived = System.nanoTime();
    if (state.draining()) {
      throw new ApiError(HttpResponseStatus.SERVICE_UNAVAILABLE, null, "the server is shutting down");
    }
    if (!state.ready()) {
      throw new ApiError(HttpResponseStatus.SERVICE_UNAVAILABLE, null, "the worker pools are still warming up; see "
          + HEALTH);
    }
    ServedModel model = state.model();
    if (model.isVideo() != video) {
      throw new ApiError(HttpResponseStatus.NOT_FOUND, null, model.id() + " makes " + (model.isVideo()
          ? "videos; use POST " + VIDEOS : "images; use POST " + GENERATIONS));
    }
    ImagesRequest images = ImagesRequest.parse(request.content().toString(StandardCharsets.UTF_8), model);
    List<GenerationRequest> runs = images.images(model);
    boolean async = respondAsync(request);
    Job job = new Job(state.jobs().newId(), runs, arrived, results -> answer(results, runs, model, images.format()));
    if (!state.queue().offer(job)) {
      long retry = Math.max(1, (long) Math.ceil(state.metrics().meanLatencySeconds()));
      FullHttpResponse busy = response(HttpResponseStatus.TOO_MANY_REQUESTS,
          new ApiError(HttpResponseStatus.TOO_MANY_REQUESTS, null, "the queue is full (" + state.queueCapacity()
              + " waiting); retry later").toJson().toString(), "application/json");
      busy.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(retry));
      send(ctx, route, busy, keepAlive);
      return;
    }
    state.jobs().add(job);
    if (async) {
      job.answer().whenComplete((body, failure) -> count(job, body != null));
      FullHttpResponse accepted = response(HttpResponseStatus.ACCEPTED, job.describe().toString(), "application/json");
      accepted.headers().set(JOB_HEADER, job.id());
      accepted.headers().set(HttpHeaderNames.LOCATION, JOBS + job.id());
      send(ctx, route, accepted, keepAlive);
      return;
    }
    job.answer().whenComplete((body, failure) -> {
      // Counted before the answer goes out, so a client that reads the metrics next sees its job.
      count(job, body != null);
      ApiError e = failure == null ? null : ApiError.explain(failure);
      FullHttpResponse out = e == null ? response(HttpResponseStatus.OK, body.toString(), "application/json")
          : response(e.status(), e.toJson().toString(), "application/json");
      out.headers().set(JOB_HEADER, job.id());
      send(ctx, route, out, keepAlive);
    });
  }

  private void count(Job job, boolean succeeded) {
    state.metrics().ended(job.status().label());
    if (succeeded) {
      state.metrics().generated(job.images().size(), job.images().stream().mapToLong(GenerationRequest::steps).sum(),
          System.nanoTime() - job.arrivedNanos());
    }
  }

  /** RFC 7240's {@code Prefer: respond-async}: answer 202 with the job at once, the result at {@code GET /v1/jobs/ID}. */
  private static boolean respondAsync(FullHttpRequest request) {
    for (String prefer : request.headers().getAll("Prefer")) {
      for (String token : prefer.split(",")) {
        if (token.trim().equalsIgnoreCase("respond-async")) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code GET /v1/jobs/ID}, {@code DELETE /v1/jobs/ID} and {@code GET /v1/jobs/ID/events}. */
  private void job(ChannelHandlerContext ctx, FullHttpRequest request, String rest, boolean keepAlive) {
    boolean events = rest.endsWith("/events");
    String id = events ? rest.substring(0, rest.length() - "/events".length()) : rest;
    if (id.isEmpty() || id.contains("/")) {
      throw new ApiError(HttpResponseStatus.NOT_FOUND, null, "no route " + JOBS + rest + "; try " + JOB + " or "
          + JOB_EVENTS);
    }
    Job job = state.jobs().get(id);
    if (job == null) {
      throw new ApiError(HttpResponseStatus.NOT_FOUND, null, "no job " + id + " (ids come from a generation answer;"
          + " the server keeps the last " + Jobs.KEPT_FINISHED + " finished jobs)");
    }
    if (events) {
      requireMethod(request, HttpMethod.GET);
      stream(ctx, job);
      return;
    }
    if (request.method().equals(HttpMethod.DELETE)) {
      Job.Status before = job.status();
      if (before.finished()) {
        throw new ApiError(HttpResponseStatus.CONFLICT, null, "job " + id + " already " + before.label()
            + "; nothing to cancel");
      }
      boolean ended = state.queue().cancel(job);
      JsonObject body = job.describe();
      // A running job ends after its current step; until then it says so.
      if (!ended && !job.status().finished()) {
        body.addProperty("status", "cancelling");
      }
      reply(ctx, JOB, ended ? HttpResponseStatus.OK : HttpResponseStatus.ACCEPTED, body, keepAlive);
      return;
    }
    requireMethod(request, HttpMethod.GET);
    reply(ctx, JOB, HttpResponseStatus.OK, job.describe(), keepAlive);
  }

  /**
   * Server-sent events of one job: every event so far, then each new one, up to {@code done} or
   * {@code error}; then the stream ends and the connection closes.
   */
  private void stream(ChannelHandlerContext ctx, Job job) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    head.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    head.headers().set(JOB_HEADER, job.id());
    // The stream ends by closing the connection; saying so keeps a client from pooling it and
    // sending its next request into a socket the server is closing (a broken pipe on a POST).
    head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    HttpUtil.setTransferEncodingChunked(head, true);
    state.metrics().answered(JOB_EVENTS, HttpResponseStatus.OK.code());
    ctx.writeAndFlush(head);
    Consumer<Job.Event> subscriber = event -> {
      ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(event.frame(), StandardCharsets.UTF_8)));
      if (event.last()) {
        state.answersInFlight().track(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT))
            .addListener(ChannelFutureListener.CLOSE);
      }
    };
    ctx.channel().closeFuture().addListener(f -> job.unsubscribe(subscriber));
    job.subscribe(subscriber);
  }

  /**
   * The OpenAI shape, plus each image's seed and the first image's stats (as {@code generate
   * --stats}); a video's {@code b64_json} is an animated GIF ({@code "format": "gif"}) or, when
   * asked, an MP4 file ({@code "format": "mp4"}).
   */
  private JsonObject answer(List<RunResult> results, List<GenerationRequest> runs, ServedModel model,
      String format) {
    JsonObject body = new JsonObject();
    body.addProperty("created", System.currentTimeMillis() / 1000);
    JsonArray data = new JsonArray();
    for (int i = 0; i < results.size(); i++) {
      RunResult result = results.get(i);
      state.metrics().ran(result.stats().codec(), result.stats().steps(), result.stats().wallSeconds(),
          result.stats().bytesSent(), result.stats().bytesRaw());
      JsonObject image = new JsonObject();
      byte[] encoded = switch (format) {
        case "gif" -> MediaIO.gif(result.frames(), 1);
        case "mp4" -> MediaIO.mp4(result.frames(), 1);
        default -> MediaIO.png(result.frames(), 1);
      };
      image.addProperty("b64_json", Base64.getEncoder().encodeToString(encoded));
      image.addProperty("format", format);
      image.addProperty("seed", runs.get(i).seed());
      data.add(image);
    }
    body.add("data", data);
    body.add("stats", StatsJson.toJson(results.get(0).stats(), runs.get(0), model.location(), model.tokens()));
    return body;
  }

  private void health(ChannelHandlerContext ctx, boolean keepAlive) {
    JsonObject body = new JsonObject();
    String status = state.draining() ? "draining" : state.ready() ? "ok" : "warming";
    body.addProperty("status", status);
    reply(ctx, HEALTH, status.equals("ok") ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body,
        keepAlive);
  }

  /** The model, plus what the web page needs: its kind, frames, defaults, words and the pools' plans. */
  private JsonObject models() {
    ServedModel model = state.model();
    JsonObject entry = new JsonObject();
    entry.addProperty("id", model.id());
    entry.addProperty("object", "model");
    entry.addProperty("owned_by", "compactfusion");
    entry.addProperty("size", model.size());
    entry.addProperty("kind", model.isVideo() ? "video" : "image");
    entry.addProperty("frames", model.frames());
    entry.addProperty("route", model.isVideo() ? VIDEOS : GENERATIONS);
    entry.addProperty("default_steps", model.defaultSteps());
    entry.addProperty("default_guidance", model.defaultGuidance());
    entry.addProperty("max_n", ImagesRequest.MAX_N);
    entry.addProperty("prompt_kind", model.prompts().kind().name().toLowerCase(Locale.ROOT));
    JsonArray attributes = new JsonArray();
    for (PromptWords.Group g : model.prompts().groups()) {
      JsonObject attribute = new JsonObject();
      attribute.addProperty("name", g.name());
      JsonArray words = new JsonArray();
      g.words().forEach(words::add);
      attribute.add("words", words);
      attributes.add(attribute);
    }
    entry.add("vocabulary", attributes);
    JsonArray plans = new JsonArray();
    state.queue().plans().forEach(plans::add);
    entry.add("pools", plans);
    JsonArray data = new JsonArray();
    data.add(entry);
    JsonObject body = new JsonObject();
    body.addProperty("object", "list");
    body.add("data", data);
    return body;
  }

  private void authorize(FullHttpRequest request) {
    String token = state.token();
    if (token == null) {
      return;
    }
    String given = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    // Constant time, so the answer's timing says nothing about how much of a guess was right.
    if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiError(HttpResponseStatus.UNAUTHORIZED, null,
          given == null ? "missing Authorization: Bearer TOKEN header" : "wrong bearer token");
    }
  }

  private static void requireMethod(FullHttpRequest request, HttpMethod method) {
    if (!request.method().equals(method)) {
      throw new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED, null,
          request.method() + " is not served here; use " + method);
    }
  }

  private static String pathOf(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  private static String known(String path) {
    if (path.startsWith(JOBS)) {
      return path.endsWith("/events") ? JOB_EVENTS : JOB;
    }
    return switch (path) {
      case GENERATIONS, VIDEOS, MODELS, HEALTH, METRICS, PAGE -> path;
      default -> "other";
    };
  }

  private void error(ChannelHandlerContext ctx, String path, ApiError e, boolean keepAlive) {
    reply(ctx, path, e.status(), e.toJson(), keepAlive);
  }

  private void reply(ChannelHandlerContext ctx, String path, HttpResponseStatus status, JsonObject body,
      boolean keepAlive) {
    send(ctx, path, response(status, body.toString(), "application/json"), keepAlive);
  }

  private void send(ChannelHandlerContext ctx, String path, FullHttpResponse response, boolean keepAlive) {
    state.metrics().answered(path, response.status().code());
    HttpUtil.setContentLength(response, response.content().readableBytes());
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      state.answersInFlight().track(ctx.writeAndFlush(response));
    } else {
      state.answersInFlight().track(ctx.writeAndFlush(response)).addListener(ChannelFutureListener.CLOSE);
    }
  }

  static FullHttpResponse response(HttpResponseStatus status, String body, String contentType) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    return response;
  }
}
