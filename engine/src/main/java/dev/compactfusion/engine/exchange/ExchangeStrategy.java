package dev.compactfusion.engine.exchange;

import dev.compactfusion.models.dit.Attention;

/**
 * One way for the workers of a group to compute attention over the whole token sequence. The
 * {@link Attention} it returns serves one generation (every layer of every step, steps in
 * order); it also implements {@link ExchangeMeter} and {@link AutoCloseable} (close waits for
 * exchanges still in flight, bounded by the communicator's timeout).
 */
public interface ExchangeStrategy {

  Attention attention(ExchangeContext ctx);

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
