package dev.compactfusion.comms.link;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The one wire of {@link LinkModel#SHARED} links in this JVM, per rate. It has to be found by
 * every member of the run without being handed around, and "one medium" means exactly this JVM's
 * members: runs whose workers are separate processes are refused this model by the launcher.
 */
public final class SharedMedium {
  private static final ConcurrentMap<Long, WireClock> WIRES = new ConcurrentHashMap<>();

  private SharedMedium() {}

  public static WireClock of(LinkSpec link) {
    return WIRES.computeIfAbsent(link.bitsPerSecond(), rate -> new WireClock());
  }
}
