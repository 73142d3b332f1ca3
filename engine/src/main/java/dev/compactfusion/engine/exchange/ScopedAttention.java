package dev.compactfusion.engine.exchange;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.AttentionInput;
import dev.compactfusion.models.dit.TokenRange;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs each attention call in its own NDManager scope so that the temporaries of an exchange
 * (received blocks, scores, partial outputs) are freed when the call returns; only the output
 * survives, owned by the caller's manager (the one of q). Checks that the calls fit the worker
 * (its tokens, steps in order per layer) and keeps the meter of its exchanges.
 */
abstract class ScopedAttention implements ExchangeAttention {
  protected final Meter meter;
  private final TokenRange own;
  private final Map<Integer, Integer> lastStep = new HashMap<>();

  ScopedAttention(Meter meter, TokenRange own) {
    this.meter = meter;
    this.own = own;
  }

  @Override
  public final NDArray attend(AttentionInput in) {
    check(in);
    NDManager caller = in.q().getManager();
    try (NDManager scope = caller.newSubManager()) {
      scope.tempAttachAll(in.q(), in.k(), in.v());
      NDArray out = compute(in, scope);
      out.attach(caller);
      return out;
    }
  }

  /** Output for the local queries; everything made here may belong to {@code scope}. */
  protected abstract NDArray compute(AttentionInput in, NDManager scope);

  private void check(AttentionInput in) {
    if (!in.tokens().equals(own) || in.q().getShape().dimension() != 4
        || in.q().getShape().get(2) != own.length() || in.k().getShape().get(2) != own.length()) {
      throw new IllegalArgumentException("attention input of tokens " + in.tokens() + " with q "
          + in.q().getShape() + " does not fit this worker, which owns " + own.length() + " tokens " + own);
    }
    // Residual streams and stale exchanges assume every layer sees its steps in order.
    Integer previous = lastStep.put(in.layer(), in.step());
    if (previous != null && in.step() <= previous) {
      throw new IllegalStateException("layer " + in.layer() + " called for step " + in.step() + " after step "
          + previous + ": an exchange attention serves one generation; make a new one for each");
    }
  }

  @Override
  public long rawBytes() {
    return meter.rawBytes();
  }

  @Override
  public long codecNanos() {
    return meter.codecNanos();
  }

  /** Nothing in flight by default: synchronous exchanges finish inside {@link #attend}. */
  @Override
  public void close() {}
}
