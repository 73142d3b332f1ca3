package dev.compactfusion.comms.transport;

import java.util.Map;

/**
 * Counters of one communicator since it was created, per tag kind: bytes this worker put on the
 * wire and took off it (payload plus frame headers, as framed), and the time it spent blocked
 * waiting for peers.
 */
public record CommStats(Map<String, KindStats> byKind) {
  public record KindStats(long bytesSent, long bytesReceived, long blockedNanos, long operations) {}

  public long bytesSent() {
    return byKind.values().stream().mapToLong(KindStats::bytesSent).sum();
  }

  public long bytesReceived() {
    return byKind.values().stream().mapToLong(KindStats::bytesReceived).sum();
  }

  public long blockedNanos() {
    return byKind.values().stream().mapToLong(KindStats::blockedNanos).sum();
  }
}
