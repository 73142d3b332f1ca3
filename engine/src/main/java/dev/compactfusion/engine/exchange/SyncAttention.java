package dev.compactfusion.engine.exchange;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.compactfusion.models.dit.AttentionInput;
import dev.compactfusion.models.dit.TokenRange;

/** An attention whose exchange completes inside each call (ulysses, ring, usp). */
final class SyncAttention extends ScopedAttention {
  private final HeadExchange exchange;

  SyncAttention(Meter meter, TokenRange own, HeadExchange exchange) {
    super(meter, own);
    this.exchange = exchange;
  }

  @Override
  protected NDArray compute(AttentionInput in, NDManager scope) {
    return exchange.attend(in.q(), in.k(), in.v(), in.layer(), in.step(), scope);
  }
}
