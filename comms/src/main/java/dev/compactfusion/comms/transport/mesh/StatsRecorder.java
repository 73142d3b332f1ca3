package dev.compactfusion.comms.transport.mesh;

import dev.compactfusion.comms.transport.CommStats;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counters per tag kind behind {@link CommStats}. A sub-group's recorder also adds
 * to its parent's, so the top-level communicator counts everything its worker did.
 */
public final class StatsRecorder {
  private static final class Counters {
    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder blocked = new LongAdder();
    final LongAdder operations = new LongAdder();
  }

  private final Map<String, Counters> byKind = new ConcurrentHashMap<>();
  private final StatsRecorder parent;

  public StatsRecorder() {
    this(null);
  }

  private StatsRecorder(StatsRecorder parent) {
    this.parent = parent;
  }

  public StatsRecorder child() {
    return new StatsRecorder(this);
  }

  public void sent(String kind, long bytes) {
    counters(kind).sent.add(bytes);
    if (parent != null) {
      parent.sent(kind, bytes);
    }
  }

  public void received(String kind, long bytes) {
    counters(kind).received.add(bytes);
    if (parent != null) {
      parent.received(kind, bytes);
    }
  }

  public void blocked(String kind, long nanos) {
    counters(kind).blocked.add(nanos);
    if (parent != null) {
      parent.blocked(kind, nanos);
    }
  }

  public void operation(String kind) {
    counters(kind).operations.increment();
    if (parent != null) {
      parent.operation(kind);
    }
  }

  public CommStats snapshot() {
    Map<String, CommStats.KindStats> out = new TreeMap<>();
    byKind.forEach((kind, c) -> out.put(kind, new CommStats.KindStats(
        c.sent.sum(), c.received.sum(), c.blocked.sum(), c.operations.sum())));
    return new CommStats(java.util.Collections.unmodifiableMap(out));
  }

  private Counters counters(String kind) {
    return byKind.computeIfAbsent(kind, k -> new Counters());
  }
}
