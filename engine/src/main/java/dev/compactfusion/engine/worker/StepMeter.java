package dev.compactfusion.engine.worker;

import dev.compactfusion.comms.transport.CommStats;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.engine.exchange.ExchangeMeter;
import dev.compactfusion.engine.stats.StepStats;
import dev.compactfusion.models.sampling.StepListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Measures each step the sampler reports: compute, time blocked on peers, codec time, bytes on the
 * wire and their raw fp32 equivalent (the exchanges' plus {@code extraRaw}, e.g. the cfg partner's
 * velocities), then tells {@code next}. A step runs from the previous report (or {@link #start}).
 */
final class StepMeter implements StepListener {
  private final Communicator world;
  private final ExchangeMeter meter;
  private final LongSupplier extraRaw;
  private final StepListener next;
  private final List<StepStats> steps = new ArrayList<>();
  private final Map<String, Long> bytesByKind = new TreeMap<>();
  private CommStats comm;
  private long raw;
  private long codec;
  private long started;

  StepMeter(Communicator world, ExchangeMeter meter, LongSupplier extraRaw, StepListener next) {
    this.world = world;
    this.meter = meter;
    this.extraRaw = extraRaw;
    this.next = next;
  }

  void start() {
    comm = world.stats();
    raw = meter.rawBytes() + extraRaw.getAsLong();
    codec = meter.codecNanos();
    started = System.nanoTime();
  }

  @Override
  public void stepDone(int done, int total) {
    long wall = System.nanoTime() - started;
    CommStats after = world.stats();
    long blocked = Math.max(0, after.blockedNanos() - comm.blockedNanos());
    long coded = Math.max(0, meter.codecNanos() - codec);
    long rawNow = meter.rawBytes() + extraRaw.getAsLong();
    after.byKind().forEach((kind, k) -> {
      CommStats.KindStats was = comm.byKind().get(kind);
      long sent = k.bytesSent() - (was == null ? 0 : was.bytesSent());
      if (sent > 0) {
        bytesByKind.merge(kind, sent, Long::sum);
      }
    });
    steps.add(new StepStats(done - 1, Math.max(0, wall - blocked - coded), blocked, coded,
        after.bytesSent() - comm.bytesSent(), rawNow - raw));
    next.stepDone(done, total);
    start();
  }

  List<StepStats> steps() {
    return steps;
  }

  /** Bytes sent during the steps per exchange kind (the tags' kinds); kinds that sent nothing are left out. */
  Map<String, Long> bytesByKind() {
    return bytesByKind;
  }
}
