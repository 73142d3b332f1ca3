package dev.compactfusion.engine.exchange;

import dev.compactfusion.codec.CodecSpec;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The parallel strategies, each with its one spelling, its properties and the factory of its
 * attention exchange (docs/strategies.md describes each). This is the registry the plan, the
 * command line, the bench's methods and the cost model take their names from. {@code serial} is
 * one worker per branch with exact local attention: the reference every other strategy is tested
 * against.
 */
public enum Strategy {
  SERIAL("serial", true, false, Codec.NONE, opts -> ctx -> new LocalAttention()),
  PATCH("patch", true, false, Codec.OPTIONAL, opts -> ctx -> {
    Meter meter = new Meter();
    return new GatherAttention(ctx, MatrixWire.of(ctx, meter), meter, Integer.MAX_VALUE);
  }),
  /**
   * DistriFusion: the patch all-gather one step stale. It sends activations, not residuals: in
   * fp32, or in half precision (fp16 with residual mode naive, as the published systems run), which
   * the plan allows as its only codec; the residual streams then carry plain fp16 activations.
   */
  DISTRIFUSION("distrifusion", false, true, Codec.HALF_ONLY, opts -> ctx -> {
    Meter meter = new Meter();
    return new GatherAttention(ctx, MatrixWire.of(ctx, meter), meter, Math.max(1, opts.warmupSteps()));
  }),
  COMPACT_ASYNC("compact-async", false, true, Codec.REQUIRED, opts -> ctx -> {
    if (ctx.streams().isEmpty()) {
      throw new IllegalArgumentException("compact-async exchanges compressed residuals: give it a codec (--compress)");
    }
    Meter meter = new Meter();
    return new GatherAttention(ctx, MatrixWire.of(ctx, meter), meter, Math.max(1, opts.warmupSteps()));
  }),
  ULYSSES("ulysses", true, false, Codec.OPTIONAL, opts -> ctx -> {
    Meter meter = new Meter();
    return new SyncAttention(meter, ctx.own(), new UlyssesExchange(ctx.group(), ctx.tokenCounts(),
        identity(ctx.group().worldSize()), MatrixWire.of(ctx, meter), meter, HeadExchange.LOCAL));
  }),
  RING("ring", true, false, Codec.OPTIONAL, opts -> ctx -> {
    Meter meter = new Meter();
    return new SyncAttention(meter, ctx.own(), new RingExchange(ctx.group(), ctx.tokenCounts(),
        identity(ctx.group().worldSize()), MatrixWire.of(ctx, meter), meter));
  }),
  USP("usp", true, false, Codec.OPTIONAL,
      opts -> new UspStrategy(new UspLayout(opts.ulyssesDegree(), opts.ringDegree()))),
  /**
   * xDiT's patch pipeline: the blocks split into stages, one per worker, and the hidden states of
   * token patches flow through them (package {@code dev.compactfusion.engine.pipeline}). Stale when
   * it runs more than one patch (the plan's {@code stale()}); its attention stays inside each stage,
   * so it has no attention exchange to hand out.
   */
  PIPEFUSION("pipefusion", false, true, Codec.OPTIONAL, opts -> ctx -> {
    throw new IllegalArgumentException("pipefusion splits the blocks, not attention: workers run it as a pipeline "
        + "of stages, not through an attention exchange");
  });

  /**
   * The method name of the patch all-gather with a codec: CompactFusion as published, so tables
   * say {@code compact:1bit} rather than {@code patch:1bit} (both parse to the same method).
   */
  public static final String COMPACT = "compact";

  /**
   * Whether a strategy takes a codec: never, optionally, only with one, or only half precision
   * (fp16 activations, residual mode naive: a precision, not a compression).
   */
  public enum Codec { NONE, OPTIONAL, REQUIRED, HALF_ONLY }

  private final String cliName;
  private final boolean exact;
  private final boolean stale;
  private final Codec codec;
  private final Function<StrategyOptions, ExchangeStrategy> factory;

  Strategy(String cliName, boolean exact, boolean stale, Codec codec,
      Function<StrategyOptions, ExchangeStrategy> factory) {
    this.cliName = cliName;
    this.exact = exact;
    this.stale = stale;
    this.codec = codec;
    this.factory = factory;
  }

  public String cliName() {
    return cliName;
  }

  /** Whether, uncompressed, the strategy reproduces serial attention (stale strategies do not). */
  public boolean exact() {
    return exact;
  }

  /**
   * K,V used one step stale: needs synchronous warmup steps first (pipefusion only with more than
   * one patch; {@code ParallelPlan.stale()} says for a plan).
   */
  public boolean stale() {
    return stale;
  }

  public Codec codec() {
    return codec;
  }

  /** Whether workers of this strategy exchange activations at all (all but serial). */
  public boolean exchanges() {
    return this != SERIAL;
  }

  /** Whether the workers split the blocks (a pipeline) rather than the tokens of every block. */
  public boolean pipelined() {
    return this == PIPEFUSION;
  }

  /** The strategy's attention exchange with these tunables. */
  public ExchangeStrategy exchange(StrategyOptions opts) {
    return factory.apply(opts);
  }

  /**
   * The method name of this strategy with {@code codec} (null or none: uncompressed), in the one
   * spelling {@code STRATEGY[:CODEC]}: {@code ring}, {@code ring:1bit}, {@code compact:lowrank:8}.
   */
  public String methodName(CodecSpec codec) {
    if (codec == null || codec.kind() == dev.compactfusion.codec.CodecKind.NONE) {
      return cliName;
    }
    return (this == PATCH ? COMPACT : cliName) + ":" + codec;
  }

  public static Strategy parse(String name) {
    for (Strategy s : values()) {
      if (s.cliName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown parallel strategy '" + name + "'; known: " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(Strategy::cliName).collect(Collectors.joining(", "));
  }

  private static int[] identity(int n) {
    int[] ranks = new int[n];
    for (int i = 0; i < n; i++) {
      ranks[i] = i;
    }
    return ranks;
  }

  @Override
  public String toString() {
    return cliName;
  }
}
