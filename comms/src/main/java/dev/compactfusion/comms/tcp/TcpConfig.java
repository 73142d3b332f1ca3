package dev.compactfusion.comms.tcp;

import dev.compactfusion.comms.link.LinkSpec;
import java.time.Duration;

/**
 * Settings of one tcp member. For the coordinator, {@code host:port} is where it listens
 * (port 0: any free port, see {@link TcpCoordinator#port()}) and {@code worldSize} is the
 * number of members including itself; a null token makes it generate one. For a worker,
 * {@code host:port} is the coordinator's address, {@code worldSize} is 0 (it learns the world)
 * and the token is required. {@code link} shapes every connection this member sends on.
 */
public record TcpConfig(String host, int port, int worldSize, String token, Duration timeout,
    Duration rendezvousTimeout, LinkSpec link, long maxMessageBytes, int maxChunkBytes, int ioThreads) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  /** Workers are often new JVMs started one after another; the whole group may take a while to join. */
  public static final Duration DEFAULT_RENDEZVOUS_TIMEOUT = Duration.ofSeconds(120);
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 1L << 30;
  public static final int DEFAULT_MAX_CHUNK_BYTES = 4 << 20;
  public static final int DEFAULT_IO_THREADS = 2;

  public TcpConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is required (e.g. 127.0.0.1)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (worldSize < 0 || worldSize > 1024) {
      // The WORLD frame listing every address must stay within the control-frame bound (64 KiB).
      throw new IllegalArgumentException("world size must be 1..1024 (0 for a worker), got " + worldSize);
    }
    if (worldSize == 0 && token == null) {
      throw new IllegalArgumentException("a worker needs the cluster token the coordinator printed (--token)");
    }
    if (token != null) {
      new ClusterToken(token);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (rendezvousTimeout == null || rendezvousTimeout.isNegative() || rendezvousTimeout.isZero()) {
      throw new IllegalArgumentException("rendezvous timeout must be positive, got " + rendezvousTimeout);
    }
    if (link == null) {
      throw new IllegalArgumentException("link is required (LinkSpec.UNLIMITED for none)");
    }
    if (maxChunkBytes < 1024 || maxChunkBytes > (64 << 20)) {
      throw new IllegalArgumentException("max chunk must be 1 KiB..64 MiB, got " + maxChunkBytes);
    }
    if (maxMessageBytes < 0 || maxMessageBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("max message must be 0..2 GiB, got " + maxMessageBytes);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("io threads must be at least 1, got " + ioThreads);
    }
  }

  public static TcpConfig coordinator(String host, int port, int worldSize, String tokenOrNull) {
    if (worldSize < 1) {
      throw new IllegalArgumentException("world size must be at least 1, got " + worldSize);
    }
    return new TcpConfig(host, port, worldSize, tokenOrNull, DEFAULT_TIMEOUT, DEFAULT_RENDEZVOUS_TIMEOUT, LinkSpec.UNLIMITED,
        DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_CHUNK_BYTES, DEFAULT_IO_THREADS);
  }

  public static TcpConfig worker(String host, int port, String token) {
    return new TcpConfig(host, port, 0, token, DEFAULT_TIMEOUT, DEFAULT_RENDEZVOUS_TIMEOUT, LinkSpec.UNLIMITED,
        DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_CHUNK_BYTES, DEFAULT_IO_THREADS);
  }

  /** Parses {@code HOST:PORT} as given to {@code --join}. */
  public static TcpConfig worker(String hostPort, String token) {
    int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--join needs HOST:PORT, got '" + hostPort + "'");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--join needs HOST:PORT with a numeric port, got '" + hostPort + "'");
    }
    return worker(hostPort.substring(0, colon), port, token);
  }

  public TcpConfig withTimeout(Duration t) {
    return new TcpConfig(host, port, worldSize, token, t, rendezvousTimeout, link, maxMessageBytes, maxChunkBytes, ioThreads);
  }

  /** How long the coordinator waits for all workers, and a worker for the world and its mesh. */
  public TcpConfig withRendezvousTimeout(Duration t) {
    return new TcpConfig(host, port, worldSize, token, timeout, t, link, maxMessageBytes, maxChunkBytes, ioThreads);
  }

  public TcpConfig withLink(LinkSpec l) {
    return new TcpConfig(host, port, worldSize, token, timeout, rendezvousTimeout, l, maxMessageBytes, maxChunkBytes, ioThreads);
  }

  public TcpConfig withLimits(long maxMessage, int maxChunk) {
    return new TcpConfig(host, port, worldSize, token, timeout, rendezvousTimeout, link, maxMessage, maxChunk, ioThreads);
  }

  public TcpConfig withIoThreads(int n) {
    return new TcpConfig(host, port, worldSize, token, timeout, rendezvousTimeout, link, maxMessageBytes, maxChunkBytes, n);
  }

  @Override
  public String toString() {
    return "TcpConfig[" + host + ":" + port + ", world " + worldSize + ", token hidden, timeout " + timeout
        + ", link " + link + "]";
  }
}
