package dev.compactfusion.engine.worker;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.codec.residual.ResidualStreams;
import dev.compactfusion.engine.exchange.ExchangeContext;
import dev.compactfusion.engine.exchange.ExchangeMeter;
import dev.compactfusion.engine.exchange.ExchangeStrategies;
import dev.compactfusion.engine.exchange.StrategyOptions;
import dev.compactfusion.codec.residual.StreamFactory;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.plan.Strategy;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.dit.TokenRange;
import java.util.Optional;

/**
 * The attention hook a worker hands the DiT, with its meter: exact attention for serial, else the
 * plan's exchange strategy over the worker's sequence-parallel group (with residual streams when
 * the plan compresses). Closing waits for exchanges still in flight.
 */
record WorkerAttention(Attention attention, ExchangeMeter meter) implements AutoCloseable {
  private static final ExchangeMeter NOTHING_EXCHANGED = new ExchangeMeter() {
    @Override
    public long rawBytes() {
      return 0;
    }

    @Override
    public long codecNanos() {
      return 0;
    }
  };

  static WorkerAttention create(ParallelPlan plan, Communicator group, TokenRange[] ranges) {
    if (plan.strategy() == Strategy.SERIAL) {
      return new WorkerAttention(new ExactAttention(), NOTHING_EXCHANGED);
    }
    Optional<StreamFactory> streams = plan.compressed()
        ? Optional.of(new ResidualStreams(plan.streamConfig()))
        : Optional.empty();
    Attention a = ExchangeStrategies
        .byName(plan.strategy().cliName(), new StrategyOptions(plan.ulyssesDegree(), plan.ringDegree(), plan.warmup()))
        .attention(new ExchangeContext(group, ranges, streams));
    return new WorkerAttention(a, (ExchangeMeter) a);
  }

  @Override
  public void close() {
    if (attention instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("closing the attention exchange failed: " + e.getMessage(), e);
      }
    }
  }
}
