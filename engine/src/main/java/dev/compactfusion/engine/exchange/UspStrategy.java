package dev.compactfusion.engine.exchange;

import dev.compactfusion.comms.transport.Communicator;

/** Ulysses inside groups of u consecutive ranks, a ring across them. */
record UspStrategy(UspLayout layout) implements ExchangeStrategy {
  @Override
  public void checkGroup(int workers) {
    ExchangeStrategy.super.checkGroup(workers);
    layout.checkWorkers(workers);
  }

  @Override
  public ExchangeAttention attention(ExchangeContext ctx) {
    Communicator group = ctx.group();
    layout.checkWorkers(group.worldSize());
    int me = group.rank();
    int[] ulyssesMembers = layout.ulyssesGroupOf(me);
    int[] ringMembers = layout.ringGroupOf(me);
    // Every member makes its ulysses group first, then its ring: the same order everywhere.
    Communicator ulysses = group.subGroup("usp-ulysses-" + ulyssesMembers[0], ulyssesMembers);
    Communicator ring = group.subGroup("usp-ring-" + ringMembers[0], ringMembers);

    int[] ulyssesTokens = new int[ulyssesMembers.length];
    for (int i = 0; i < ulyssesMembers.length; i++) {
      ulyssesTokens[i] = ctx.ranges()[ulyssesMembers[i]].length();
    }
    int[] blockTokens = new int[ringMembers.length];
    for (int i = 0; i < ringMembers.length; i++) {
      for (int member : layout.ulyssesGroupOf(ringMembers[i])) {
        blockTokens[i] += ctx.ranges()[member].length();
      }
    }
    Meter meter = new Meter();
    MatrixWire wire = MatrixWire.of(ctx, meter);
    RingExchange across = new RingExchange(ring, blockTokens, ringMembers, wire, meter);
    return new SyncAttention(meter, ctx.own(),
        new UlyssesExchange(ulysses, ulyssesTokens, ulyssesMembers, wire, meter, across));
  }
}
