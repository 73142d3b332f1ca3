package dev.compactfusion.engine.exchange;

/**
 * One way for the workers of a group to compute attention over the whole token sequence. The
 * {@link ExchangeAttention} it returns serves one generation (every layer of every step, steps in
 * order).
 */
public interface ExchangeStrategy {

  ExchangeAttention attention(ExchangeContext ctx);

  /**
   * Checks before any worker starts that this strategy can run on a group of {@code workers}.
   *
   * @throws IllegalArgumentException naming the problem and the fix
   */
  default void checkGroup(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("a group needs at least one worker, got " + workers);
    }
  }
}
