package dev.compactfusion.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.engine.stats.StatsJson;
import dev.compactfusion.engine.worker.WorkerFailedException;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.media.MediaIO;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The routes: {@code POST /v1/images/generations}, {@code GET /v1/models}, {@code GET /health}
 * and {@code GET /metrics}. Every answer, errors included, is counted in the metrics by path and
 * status; unknown paths count under "other" so that scanners cannot grow the label set.
 */
@ChannelHandler.Sharable
final class HttpApi extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final String GENERATIONS = "/v1/images/generations";
  static final String MODELS = "/v1/models";
  static final String HEALTH = "/health";
  static final String METRICS = "/metrics";

  private final ServerState state;

  HttpApi(ServerState state) {
    this.state = state;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = pathOf(request.uri());
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    try {
      if (!path.equals(HEALTH)) {
        authorize(request);
      }
      switch (path) {
        case GENERATIONS -> generations(ctx, request, keepAlive);
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
        default -> throw new ApiError(HttpResponseStatus.NOT_FOUND, null, "no route " + path + "; try " + GENERATIONS);
      }
    } catch (ApiError e) {
      error(ctx, known(path), e, keepAlive);
    }
  }

  private void generations(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
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
    ImagesRequest images = ImagesRequest.parse(request.content().toString(StandardCharsets.UTF_8), model);
    List<GenerationRequest> runs = images.images(model);
    JobQueue.Job job = new JobQueue.Job(runs, arrived, new CompletableFuture<>());
    if (!state.queue().offer(job)) {
      long retry = Math.max(1, (long) Math.ceil(state.metrics().meanLatencySeconds()));
      FullHttpResponse busy = response(HttpResponseStatus.TOO_MANY_REQUESTS,
          new ApiError(HttpResponseStatus.TOO_MANY_REQUESTS, null, "the queue is full (" + state.queueCapacity()
              + " waiting); retry later").toJson().toString(), "application/json");
      busy.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(retry));
      send(ctx, GENERATIONS, busy, keepAlive);
      return;
    }
    job.answer().whenComplete((results, failure) -> {
      if (failure != null) {
        error(ctx, GENERATIONS, explain(failure), keepAlive);
        return;
      }
      JsonObject body;
      try {
        body = answer(results, runs, model);
      } catch (RuntimeException e) {
        // Nothing else would answer: an exception here ends only this callback.
        error(ctx, GENERATIONS, explain(e), keepAlive);
        return;
      }
      state.metrics().generated(runs.size(), runs.stream().mapToLong(GenerationRequest::steps).sum(),
          System.nanoTime() - arrived);
      reply(ctx, GENERATIONS, HttpResponseStatus.OK, body, keepAlive);
    });
  }

  /** The OpenAI shape, plus each image's seed and the first image's stats (as {@code generate --stats}). */
  private static JsonObject answer(List<RunResult> results, List<GenerationRequest> runs, ServedModel model) {
    JsonObject body = new JsonObject();
    body.addProperty("created", System.currentTimeMillis() / 1000);
    JsonArray data = new JsonArray();
    for (int i = 0; i < results.size(); i++) {
      JsonObject image = new JsonObject();
      image.addProperty("b64_json", Base64.getEncoder().encodeToString(MediaIO.png(results.get(i).frames(), 1)));
      image.addProperty("seed", runs.get(i).seed());
      data.add(image);
    }
    body.add("data", data);
    body.add("stats", StatsJson.toJson(results.get(0).stats(), runs.get(0), model.location(), model.tokens()));
    return body;
  }

  /** A pool's failure as an answer: a bad prompt is the client's (400), a failed worker the server's (500). */
  private static ApiError explain(Throwable failure) {
    Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (e instanceof IllegalArgumentException) {
      return ApiError.badField("prompt", e.getMessage());
    }
    if (e instanceof WorkerFailedException) {
      return new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, null, e.getMessage()
          + " (the pool starts fresh workers for the next request)");
    }
    return new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, null,
        e.getMessage() == null ? e.toString() : e.getMessage());
  }

  private void health(ChannelHandlerContext ctx, boolean keepAlive) {
    JsonObject body = new JsonObject();
    String status = state.draining() ? "draining" : state.ready() ? "ok" : "warming";
    body.addProperty("status", status);
    reply(ctx, HEALTH, status.equals("ok") ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body,
        keepAlive);
  }

  private JsonObject models() {
    JsonObject entry = new JsonObject();
    entry.addProperty("id", state.model().id());
    entry.addProperty("object", "model");
    entry.addProperty("owned_by", "compactfusion");
    entry.addProperty("size", state.model().size());
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
    return switch (path) {
      case GENERATIONS, MODELS, HEALTH, METRICS -> path;
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
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  static FullHttpResponse response(HttpResponseStatus status, String body, String contentType) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    return response;
  }
}
