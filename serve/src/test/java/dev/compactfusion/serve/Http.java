package dev.compactfusion.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A loopback client for one test server. */
final class Http {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;

  Http(ImageServer server) {
    this.base = "http://127.0.0.1:" + server.port();
  }

  HttpResponse<String> get(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    return send(token == null ? b : b.header("Authorization", "Bearer " + token));
  }

  HttpResponse<String> get(String path) {
    return get(path, null);
  }

  HttpResponse<String> post(String json, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + HttpApi.GENERATIONS))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    return send(token == null ? b : b.header("Authorization", "Bearer " + token));
  }

  HttpResponse<String> post(String json) {
    return post(json, null);
  }

  /** A generation POST to {@code path} with {@code Prefer: respond-async}: 202 and the job at once. */
  HttpResponse<String> postAsync(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .header("Prefer", "respond-async").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> postTo(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
