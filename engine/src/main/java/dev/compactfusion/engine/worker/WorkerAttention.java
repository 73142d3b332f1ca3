package dev.compactfusion.engine.worker;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.codec.residual.ResidualStreams;
import dev.compactfusion.codec.residual.StreamFactory;
import dev.compactfusion.engine.exchange.ExchangeAttention;
import dev.compactfusion.engine.exchange.ExchangeContext;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.models.dit.TokenRange;
import java.util.Optional;

/**
 * The attention hook a worker hands the transformer: the plan's strategy exchange over the
 * worker's sequence-parallel group (serial's is exact and local), with residual streams when the
 * plan compresses.
 */
final class WorkerAttention {
  private WorkerAttention() {}

  static ExchangeAttention create(ParallelPlan plan, Communicator group, TokenRange[] ranges) {
    Optional<StreamFactory> streams = plan.compressed()
        ? Optional.of(new ResidualStreams(plan.compression().streamConfig()))
        : Optional.empty();
    return plan.strategy().exchange(plan.strategyOptions()).attention(new ExchangeContext(group, ranges, streams));
  }
}
