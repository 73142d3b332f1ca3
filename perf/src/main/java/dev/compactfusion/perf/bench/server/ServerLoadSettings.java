package dev.compactfusion.perf.bench.server;

import java.net.URI;
import java.time.Duration;

/**
 * One load against a server.
 *
 * @param server the server's base address, e.g. {@code http://127.0.0.1:8080}
 * @param clients concurrent clients; each sends its next request when its previous one is answered
 * @param requests requests in all; request i asks for seed {@code seed + i}
 * @param steps steps per request, or null for the server's default
 * @param token bearer token ({@code serve --token}), or null
 * @param timeout bound of each request, from sending it to its full answer
 */
public record ServerLoadSettings(URI server, int clients, int requests, String prompt, long seed, Integer steps,
    String token, Duration timeout) {
  public ServerLoadSettings {
    if (server == null || server.getScheme() == null || !server.getScheme().matches("https?")
        || server.getHost() == null) {
      throw new IllegalArgumentException("--server needs an http:// address, e.g. http://127.0.0.1:8080, got '"
          + server + "'");
    }
    if (clients < 1 || clients > 1024) {
      throw new IllegalArgumentException("--clients must be 1..1024, got " + clients);
    }
    if (requests < 1) {
      throw new IllegalArgumentException("--requests must be at least 1, got " + requests);
    }
    if (prompt == null) {
      throw new IllegalArgumentException("a prompt is required (\"\" for unconditional)");
    }
    if (steps != null && (steps < 1 || steps > 10_000)) {
      throw new IllegalArgumentException("--steps must be 1..10000, got " + steps);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--timeout must be positive");
    }
    String base = server.toString().replaceAll("/+$", "");
    server = URI.create(base);
  }

  public URI endpoint(String path) {
    return URI.create(server + path);
  }
}
