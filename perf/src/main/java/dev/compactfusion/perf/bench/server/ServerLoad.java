package dev.compactfusion.perf.bench.server;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed loop: C client threads, each sending its next request as soon as its previous one is
 * answered, until R requests have been sent. Every answer is kept, 200 or not; only the 200s count
 * as images. Before the load, {@code GET /health} must say the server is ready.
 */
public final class ServerLoad {
  static final String GENERATIONS = "/v1/images/generations";
  static final String HEALTH = "/health";

  private final ServerLoadSettings settings;
  private final PrintWriter progress;
  private final HttpClient http;

  public ServerLoad(ServerLoadSettings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  public ServerLoadResults run() {
    checkReady();
    String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    ServerSample[] samples = new ServerSample[settings.requests()];
    AtomicInteger next = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(settings.clients(), r -> {
      Thread t = new Thread(r, "compactfusion-load-client");
      t.setDaemon(true);
      return t;
    });
    long start = System.nanoTime();
    for (int c = 0; c < settings.clients(); c++) {
      clients.execute(() -> {
        for (int i = next.getAndIncrement(); i < samples.length; i = next.getAndIncrement()) {
          samples[i] = send(i);
        }
      });
    }
    clients.shutdown();
    // Each request is bounded by the timeout; a client sends at most ceil(R / C) of them.
    long bound = settings.timeout().toSeconds() * ((samples.length + settings.clients() - 1) / settings.clients()) + 30;
    try {
      if (!clients.awaitTermination(bound, TimeUnit.SECONDS)) {
        clients.shutdownNow();
        throw new IllegalStateException("the load did not finish within " + bound + " s");
      }
    } catch (InterruptedException e) {
      clients.shutdownNow();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the load", e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    ServerLoadResults results = new ServerLoadResults(settings, started, seconds, Arrays.asList(samples));
    if (results.succeeded() == 0) {
      throw new IllegalStateException("no request got a 200; the first got " + describe(samples[0]));
    }
    progress.printf(Locale.ROOT, "%d requests from %d clients in %.2f s: %d answered 200 = %.2f images/min%n",
        samples.length, settings.clients(), seconds, results.succeeded(), results.imagesPerMinute());
    progress.flush();
    return results;
  }

  private void checkReady() {
    HttpResponse<String> health;
    try {
      health = http.send(request(HEALTH).GET().timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + settings.server() + " (is 'compactfusion serve' running "
          + "there?): " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking " + settings.server(), e);
    }
    if (health.statusCode() != 200) {
      throw new IllegalStateException(settings.server() + HEALTH + " answered " + health.statusCode() + " "
          + health.body().strip() + "; wait until serve prints 'ready on ...'");
    }
  }

  private ServerSample send(int i) {
    JsonObject body = new JsonObject();
    body.addProperty("prompt", settings.prompt());
    body.addProperty("n", 1);
    body.addProperty("response_format", "b64_json");
    body.addProperty("seed", settings.seed() + i);
    if (settings.steps() != null) {
      body.addProperty("steps", settings.steps());
    }
    HttpRequest request = request(GENERATIONS).timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    long sent = System.nanoTime();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      double latency = (System.nanoTime() - sent) / 1e9;
      return answer.statusCode() == 200
          ? new ServerSample(i, 200, latency, runSeconds(answer.body()), null)
          : new ServerSample(i, answer.statusCode(), latency, Double.NaN, message(answer.body()));
    } catch (HttpTimeoutException e) {
      return new ServerSample(i, 0, (System.nanoTime() - sent) / 1e9, Double.NaN,
          "no answer within " + settings.timeout().toSeconds() + " s");
    } catch (IOException e) {
      return new ServerSample(i, 0, (System.nanoTime() - sent) / 1e9, Double.NaN,
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ServerSample(i, 0, (System.nanoTime() - sent) / 1e9, Double.NaN, "interrupted");
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(settings.endpoint(path));
    return settings.token() == null ? b : b.header("Authorization", "Bearer " + settings.token());
  }

  /** The generation's wall time from the answer's stats; NaN when the answer has none. */
  static double runSeconds(String body) {
    JsonElement stats = field(object(body), "stats");
    JsonElement wall = stats instanceof JsonObject o ? o.get("wall_seconds") : null;
    return wall != null && wall.isJsonPrimitive() && wall.getAsJsonPrimitive().isNumber() ? wall.getAsDouble()
        : Double.NaN;
  }

  /** The error message of an API error body, else the body's start. */
  static String message(String body) {
    JsonElement error = field(object(body), "error");
    JsonElement message = error instanceof JsonObject o ? o.get("message") : null;
    if (message != null && message.isJsonPrimitive()) {
      return message.getAsString();
    }
    return body.length() > 200 ? body.substring(0, 200) : body;
  }

  private static JsonObject object(String body) {
    try {
      JsonElement e = JsonParser.parseString(body);
      return e.isJsonObject() ? e.getAsJsonObject() : null;
    } catch (JsonParseException e) {
      return null;
    }
  }

  private static JsonElement field(JsonObject o, String name) {
    return o == null ? null : o.get(name);
  }

  private static String describe(ServerSample s) {
    return (s.status() == 0 ? "no answer" : "status " + s.status()) + (s.error() == null ? "" : ": " + s.error());
  }
}
