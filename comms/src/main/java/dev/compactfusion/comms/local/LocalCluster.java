package dev.compactfusion.comms.local;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.mesh.Mailbox;
import dev.compactfusion.comms.transport.mesh.MeshCommunicator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The local backend: N communicators for N threads of one JVM. Hand element r to the thread that
 * plays rank r. Closing one communicator makes every pending and later receive from it fail at
 * once, as a dead process would over tcp.
 */
public final class LocalCluster {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private LocalCluster() {}

  public static List<Communicator> create(int worldSize) {
    return create(worldSize, DEFAULT_TIMEOUT);
  }

  public static List<Communicator> create(int worldSize, Duration timeout) {
    if (worldSize < 1) {
      throw new IllegalArgumentException("world size must be at least 1, got " + worldSize);
    }
    Mailbox[] mailboxes = new Mailbox[worldSize];
    for (int r = 0; r < worldSize; r++) {
      mailboxes[r] = new Mailbox();
    }
    AtomicReferenceArray<Boolean> closed = new AtomicReferenceArray<>(worldSize);
    List<Communicator> out = new ArrayList<>(worldSize);
    for (int r = 0; r < worldSize; r++) {
      out.add(new MeshCommunicator(new LocalWire(r, mailboxes, closed), timeout));
    }
    return List.copyOf(out);
  }
}
