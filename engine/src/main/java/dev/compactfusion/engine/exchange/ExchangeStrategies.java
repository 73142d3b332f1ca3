package dev.compactfusion.engine.exchange;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.models.dit.Attention;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The strategies by name ({@code serial} is not here: it is the runtime's plain
 * {@code ExactAttention}). DESIGN.md section 2 describes each.
 */
public final class ExchangeStrategies {
  private static final Map<String, Function<StrategyOptions, ExchangeStrategy>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("patch", opts -> ctx -> {
      Meter meter = new Meter();
      return new GatherAttention(ctx, MatrixWire.of(ctx, meter), meter, Integer.MAX_VALUE);
    });
    BY_NAME.put("distrifusion", opts -> ctx -> {
      if (ctx.streams().isPresent()) {
        throw new IllegalArgumentException("distrifusion exchanges raw fp32; for compressed asynchronous exchange use compact-async");
      }
      return new GatherAttention(ctx, new RawWire(), new Meter(), Math.max(1, opts.warmupSteps()));
    });
    BY_NAME.put("compact-async", opts -> ctx -> {
      if (ctx.streams().isEmpty()) {
        throw new IllegalArgumentException("compact-async exchanges compressed residuals: give it a codec (--compress)");
      }
      Meter meter = new Meter();
      return new GatherAttention(ctx, MatrixWire.of(ctx, meter), meter, Math.max(1, opts.warmupSteps()));
    });
    BY_NAME.put("ulysses", opts -> ctx -> {
      Meter meter = new Meter();
      int[] ranks = identity(ctx.group().worldSize());
      return new SyncAttention(meter, ctx.own(), new UlyssesExchange(
          ctx.group(), ctx.tokenCounts(), ranks, MatrixWire.of(ctx, meter), meter, HeadExchange.LOCAL));
    });
    BY_NAME.put("ring", opts -> ctx -> {
      Meter meter = new Meter();
      int[] ranks = identity(ctx.group().worldSize());
      return new SyncAttention(meter, ctx.own(), new RingExchange(
          ctx.group(), ctx.tokenCounts(), ranks, MatrixWire.of(ctx, meter), meter));
    });
    BY_NAME.put("usp", opts -> new UspStrategy(new UspLayout(opts.ulyssesDegree(), opts.ringDegree())));
  }

  private ExchangeStrategies() {}

  /** @throws IllegalArgumentException naming the known strategies when {@code name} is not one */
  public static ExchangeStrategy byName(String name, StrategyOptions opts) {
    Function<StrategyOptions, ExchangeStrategy> make = BY_NAME.get(name);
    if (make == null) {
      throw new IllegalArgumentException("unknown parallel strategy '" + name + "'; choose one of " + String.join(", ", names()));
    }
    return make.apply(opts);
  }

  public static Set<String> names() {
    return Collections.unmodifiableSet(BY_NAME.keySet());
  }

  static int[] identity(int n) {
    int[] ranks = new int[n];
    for (int i = 0; i < n; i++) {
      ranks[i] = i;
    }
    return ranks;
  }

  /** Ulysses inside groups of u consecutive ranks, a ring across them. */
  private record UspStrategy(UspLayout layout) implements ExchangeStrategy {
    @Override
    public void checkGroup(int workers) {
      ExchangeStrategy.super.checkGroup(workers);
      layout.checkWorkers(workers);
    }

    @Override
    public Attention attention(ExchangeContext ctx) {
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
}
