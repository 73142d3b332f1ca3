package dev.compactfusion.engine.exchange;

import dev.compactfusion.models.dit.Attention;

/**
 * What an {@link ExchangeStrategy} hands a worker: the attention hook for the DiT, its meter, and a
 * close that waits for exchanges still in flight (bounded by the communicator's timeout). One type,
 * so no caller casts the hook to reach its meter.
 */
public interface ExchangeAttention extends Attention, ExchangeMeter, AutoCloseable {
  @Override
  void close();
}
