package dev.compactfusion.perf.bench.server;

/**
 * What one request got.
 *
 * @param status the HTTP status, or 0 when no answer came (the error says why)
 * @param latencySeconds from sending the request to reading its whole answer, as the client saw it
 * @param runSeconds the generation's own wall time from the answer's stats ({@code wall_seconds}),
 *     NaN when the answer had none
 * @param error null for a 200; otherwise the server's message or the client's failure
 */
public record ServerSample(int request, int status, double latencySeconds, double runSeconds, String error) {
  public boolean ok() {
    return status == 200;
  }

  /** Latency not spent generating: queue wait plus HTTP, JSON and PNG encoding (NaN without stats). */
  public double outsideRunSeconds() {
    return latencySeconds - runSeconds;
  }
}
