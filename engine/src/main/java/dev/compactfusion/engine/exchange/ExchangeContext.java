package dev.compactfusion.engine.exchange;

import dev.compactfusion.codec.residual.StreamFactory;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.models.dit.TokenRange;
import java.util.Optional;

/**
 * What an attention exchange needs from its worker: the group it exchanges with (ranks of
 * {@code group} index {@code ranges}), every member's token range, and the residual streams when
 * compression is on (empty: activations travel as raw fp32).
 */
public record ExchangeContext(Communicator group, TokenRange[] ranges, Optional<StreamFactory> streams) {
  public ExchangeContext {
    if (ranges.length != group.worldSize()) {
      throw new IllegalArgumentException(
          ranges.length + " token ranges for a group of " + group.worldSize() + " workers");
    }
  }

  public TokenRange own() {
    return ranges[group.rank()];
  }

  /** How many tokens each member holds, by rank. */
  public int[] tokenCounts() {
    int[] counts = new int[ranges.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = ranges[i].length();
    }
    return counts;
  }

  public int totalTokens() {
    return ranges[ranges.length - 1].end();
  }
}
