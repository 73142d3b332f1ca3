package dev.compactfusion.engine.exchange;

import ai.djl.ndarray.NDArray;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.AttentionInput;
import dev.compactfusion.models.dit.ExactAttention;

/** Serial's attention: exact, over the worker's own tokens, nothing exchanged (so nothing metered). */
final class LocalAttention implements ExchangeAttention {
  private final Attention exact = new ExactAttention();

  @Override
  public NDArray attend(AttentionInput in) {
    return exact.attend(in);
  }

  @Override
  public long rawBytes() {
    return 0;
  }

  @Override
  public long codecNanos() {
    return 0;
  }

  @Override
  public void close() {}
}
