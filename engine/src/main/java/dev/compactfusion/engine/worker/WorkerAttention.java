package dev.compactfusion.engine.worker;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.plan.Strategy;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.dit.TokenRange;

record WorkerAttention(Attention attention, Meter meter) implements AutoCloseable {
  interface Meter { long rawBytes(); long codecNanos(); }
  static WorkerAttention create(ParallelPlan plan, Communicator group, TokenRange[] ranges) {
    if (plan.strategy() != Strategy.SERIAL) throw new UnsupportedOperationException("waiting for sp-attention");
    return new WorkerAttention(new ExactAttention(), new Meter() { public long rawBytes() { return 0; } public long codecNanos() { return 0; } });
  }
  @Override public void close() {}
}
