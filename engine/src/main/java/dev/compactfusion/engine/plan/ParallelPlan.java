package dev.compactfusion.engine.plan;

import dev.compactfusion.codec.CodecKind;
import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.residual.ResidualMode;
import dev.compactfusion.codec.residual.StreamConfig;
import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.exchange.StrategyOptions;
import dev.compactfusion.models.dit.TokenRange;

/**
 * How one generation is split over workers, per dimension: the sequence-parallel groups (Ulysses ×
 * ring degrees), cfg parallelism, compression (codec, residual mode, raw warmup steps), and the
 * compute device. Without cfg parallelism every worker belongs to one sequence-parallel group of
 * {@code workers}; with it, ranks [0, sp) run the conditional branch and [sp, 2sp) the
 * unconditional one, so {@code workers = 2 * sp}. Inside a group the strategy's degrees multiply to
 * sp (ulysses: u = sp; ring: r = sp; usp: u * r = sp; the rest: 1 * 1).
 *
 * <p>Every field is typed (nothing here is parsed again later), and the compact constructor is the
 * one place a plan is validated: it rejects every plan that cannot run, with a one-line message
 * saying what to change. Sequence degrees given as 0 are derived from the strategy.
 *
 * <p>{@code patches} is PipeFusion's number of token patches per step (0: one per stage); every
 * other strategy leaves it 0. PipeFusion splits the blocks, not the tokens, over a group's workers
 * (its stages; with cfg parallelism each branch is a pipeline of workers / 2 stages): the group's
 * first stage holds all latents and the others none ({@link #tokenRange}).
 */
public record ParallelPlan(
    Strategy strategy, int workers, SequenceGroups sequence, boolean cfgParallel, Compression compression,
    Device device, int patches) {

  /** Ulysses × ring degrees inside one sequence-parallel group (0: derive from the strategy). */
  public record SequenceGroups(int ulysses, int ring) {
    public static final SequenceGroups DERIVED = new SequenceGroups(0, 0);

    public SequenceGroups {
      if (ulysses < 0 || ring < 0) {
        throw new IllegalArgumentException("--ulysses-degree and --ring-degree must be positive, got "
            + ulysses + " and " + ring);
      }
    }
  }

  /**
   * How exchanged activations are compressed: the codec ({@code none}: raw fp32), the residual mode,
   * and the steps that exchange raw activations before compression or staleness starts.
   */
  public record Compression(CodecSpec codec, ResidualMode mode, int warmup) {
    public static final Compression NONE = new Compression(CodecSpec.of(CodecKind.NONE), ResidualMode.EF, 1);

    public Compression {
      codec = codec == null ? CodecSpec.of(CodecKind.NONE) : codec;
      mode = mode == null ? ResidualMode.EF : mode;
      if (warmup < 0) {
        throw new IllegalArgumentException("--warmup must be 0 or more steps, got " + warmup);
      }
    }

    /** Parses the command line's spellings, once. */
    public static Compression parse(String codec, String mode, int warmup) {
      return new Compression(codec == null ? null : CodecSpec.parse(codec),
          mode == null ? null : ResidualMode.parse(mode), warmup);
    }

    public static Compression of(CodecSpec codec) {
      return new Compression(codec, ResidualMode.EF, 1);
    }

    public boolean compressed() {
      return codec.kind() != CodecKind.NONE;
    }

    /**
     * Plain fp16 activations (codec fp16, no residual): the precision the published systems
     * exchange, which benchmarks use as the uncompressed baseline.
     */
    public boolean halfPrecision() {
      return codec.kind() == CodecKind.FP16 && mode == ResidualMode.NAIVE;
    }

    /** fp16 activations after {@code warmup} fp32 steps. */
    public static Compression half(int warmup) {
      return new Compression(CodecSpec.of(CodecKind.FP16), ResidualMode.NAIVE, warmup);
    }

    /** How the residual streams encode (codec, mode, raw warmup steps). */
    public StreamConfig streamConfig() {
      return new StreamConfig(codec, mode, warmup, false, null);
    }
  }

  public ParallelPlan {
    if (strategy == null) {
      throw new IllegalArgumentException("no parallel strategy given; known: " + Strategy.names());
    }
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
    }
    if (patches < 0) {
      throw new IllegalArgumentException("--pipefusion-patches must be at least 1, got " + patches);
    }
    if (patches != 0 && !strategy.pipelined()) {
      throw new IllegalArgumentException("--pipefusion-patches " + patches + " only applies to --parallel "
          + Strategy.PIPEFUSION + ", not " + strategy);
    }
    if (cfgParallel && workers % 2 != 0) {
      throw new IllegalArgumentException("--cfg-parallel splits the workers into two equal branches: "
          + "--workers must be even, got " + workers);
    }
    if (strategy.pipelined() && patches == 0) {
      patches = cfgParallel ? workers / 2 : workers;
    }
    sequence = sequence == null ? SequenceGroups.DERIVED : sequence;
    compression = compression == null ? Compression.NONE : compression;
    device = device == null ? Device.CPU : device;
    int sp = cfgParallel ? workers / 2 : workers;
    sequence = degrees(strategy, sequence, sp, cfgParallel);
    if (strategy == Strategy.SERIAL && sp != 1) {
      throw new IllegalArgumentException("serial runs one worker per branch: use --workers "
          + (cfgParallel ? 2 : 1) + " or a parallel strategy (--parallel patch|ring|...)");
    }
    String codec = compression.codec().toString();
    if (compression.compressed() && sp == 1) {
      throw new IllegalArgumentException("--compress " + codec + " has nothing to compress: one worker per "
          + "branch exchanges no activations; use --compress none or more workers");
    }
    if (compression.compressed() && strategy.codec() == Strategy.Codec.HALF_ONLY && !compression.halfPrecision()) {
      throw new IllegalArgumentException(strategy + " exchanges activations, not residuals: --compress fp16 "
          + "--residual naive sends them in half precision; for compressed stale exchanges use --parallel "
          + Strategy.COMPACT_ASYNC + " --compress " + codec);
    }
    if (compression.compressed() && strategy.codec() == Strategy.Codec.NONE) {
      throw new IllegalArgumentException(strategy + " exchanges raw fp32 K,V; for compressed stale "
          + "exchanges use --parallel " + Strategy.COMPACT_ASYNC + " --compress " + codec);
    }
    if (!compression.compressed() && strategy.codec() == Strategy.Codec.REQUIRED) {
      throw new IllegalArgumentException(strategy + " exchanges compressed residuals: add --compress CODEC "
          + "(e.g. 1bit), or use --parallel " + Strategy.DISTRIFUSION + " for raw stale exchanges");
    }
    if (stale(strategy, patches) && compression.warmup() < 1) {
      throw new IllegalArgumentException(strategy + (strategy.pipelined() ? " with " + patches + " patches uses "
          + "last step's K,V of the other patches" : " uses last step's remote K,V") + " and needs at least one "
          + "synchronous warmup step: use --warmup 1 or more");
    }
  }

  /** A plan without PipeFusion patches (every strategy but pipefusion, which then takes one patch per worker). */
  public ParallelPlan(Strategy strategy, int workers, SequenceGroups sequence, boolean cfgParallel,
      Compression compression, Device device) {
    this(strategy, workers, sequence, cfgParallel, compression, device, 0);
  }

  /** A PipeFusion plan on the CPU: {@code workers} stages, {@code patches} token patches per step. */
  public static ParallelPlan pipeFusion(int workers, int patches, Compression compression) {
    return new ParallelPlan(Strategy.PIPEFUSION, workers, SequenceGroups.DERIVED, false, compression, Device.CPU,
        patches);
  }

  private static boolean stale(Strategy strategy, int patches) {
    return strategy.stale() && (!strategy.pipelined() || patches > 1);
  }

  /** Whether some steps use K,V one step stale (then the first {@link #warmup} steps run synchronously). */
  public boolean stale() {
    return stale(strategy, patches);
  }

  /** A plan on the CPU from loose values (tests, benchmarks): degrees 0 are derived. */
  public static ParallelPlan of(Strategy strategy, int workers, int ulysses, int ring, boolean cfg,
      Compression compression) {
    return new ParallelPlan(strategy, workers, new SequenceGroups(ulysses, ring), cfg, compression, Device.CPU);
  }

  /** A plan for one worker without cfg parallelism: the reference every parallel run is tested against. */
  public static ParallelPlan serial() {
    return serial(Device.CPU);
  }

  public static ParallelPlan serial(Device device) {
    return new ParallelPlan(Strategy.SERIAL, 1, SequenceGroups.DERIVED, false, Compression.NONE, device);
  }

  private static SequenceGroups degrees(Strategy strategy, SequenceGroups given, int sp, boolean cfg) {
    int u = given.ulysses();
    int r = given.ring();
    switch (strategy) {
      case ULYSSES -> {
        return new SequenceGroups(requireDegree("--ulysses-degree", u, sp, strategy),
            requireDegree("--ring-degree", r, 1, strategy));
      }
      case RING -> {
        int ring = requireDegree("--ring-degree", r, sp, strategy);
        return new SequenceGroups(requireDegree("--ulysses-degree", u, 1, strategy), ring);
      }
      case USP -> {
        if (u == 0 && r == 0) {
          throw new IllegalArgumentException("usp needs --ulysses-degree U and --ring-degree R with U x R = "
              + sp + groupNote(cfg));
        }
        int known = Math.max(u, r);
        if ((u == 0 || r == 0) && sp % known != 0) {
          throw new IllegalArgumentException("usp: degree " + known + " does not divide the " + sp
              + " workers of a group" + groupNote(cfg));
        }
        if (u == 0) {
          u = sp / r;
        } else if (r == 0) {
          r = sp / u;
        }
        if (u * r != sp) {
          throw new IllegalArgumentException("usp needs --ulysses-degree x --ring-degree = " + sp
              + groupNote(cfg) + ", got " + u + " x " + r);
        }
        return new SequenceGroups(u, r);
      }
      case PIPEFUSION -> {
        if (u > 1 || r > 1) {
          throw new IllegalArgumentException(strategy + " does not combine with ulysses or ring (not implemented): "
              + "drop --ulysses-degree and --ring-degree");
        }
        return new SequenceGroups(1, 1);
      }
      default -> {
        return new SequenceGroups(requireDegree("--ulysses-degree", u, 1, strategy),
            requireDegree("--ring-degree", r, 1, strategy));
      }
    }
  }

  private static int requireDegree(String option, int given, int needed, Strategy strategy) {
    if (given != 0 && given != needed) {
      throw new IllegalArgumentException(strategy + " with these workers needs " + option + " " + needed
          + ", got " + given + (needed == 1 ? " (only ulysses/usp and ring/usp split that way)" : ""));
    }
    return needed;
  }

  private static String groupNote(boolean cfg) {
    return cfg ? " (workers / 2, one group per cfg branch)" : " (--workers)";
  }

  public int ulyssesDegree() {
    return sequence.ulysses();
  }

  public int ringDegree() {
    return sequence.ring();
  }

  public CodecSpec codec() {
    return compression.codec();
  }

  public ResidualMode residual() {
    return compression.mode();
  }

  public int warmup() {
    return compression.warmup();
  }

  public boolean compressed() {
    return compression.compressed();
  }

  /** The tunables the strategy's exchange reads. */
  public StrategyOptions strategyOptions() {
    return new StrategyOptions(ulyssesDegree(), ringDegree(), warmup());
  }

  /** Number of cfg branches on separate workers: 2 with cfg parallelism, else 1. */
  public int branches() {
    return cfgParallel ? 2 : 1;
  }

  /** Workers in one sequence-parallel group. */
  public int sequenceDegree() {
    return workers / branches();
  }

  /**
   * The latents sequence-parallel rank {@code spRank} holds and samples (uneven when tokens do not
   * divide). PipeFusion: rank 0, its first stage, holds them all, the only stage that reads them.
   */
  public TokenRange tokenRange(int tokens, int spRank) {
    if (strategy.pipelined()) {
      return spRank == 0 ? new TokenRange(0, tokens) : new TokenRange(tokens, tokens);
    }
    return TokenRange.split(tokens, sequenceDegree(), spRank);
  }

  /**
   * Checks the plan against a model: every worker needs at least one token, and Ulysses splits the
   * heads over its degree; PipeFusion needs a block per stage and a token per patch.
   */
  public void checkFits(String model, int tokens, int heads, int depth) {
    if (strategy.pipelined()) {
      checkStages(model, depth);
      if (patches > tokens) {
        throw new IllegalArgumentException(model + " has " + tokens + " tokens, fewer than --pipefusion-patches "
            + patches + ": use at most " + tokens + " patches");
      }
      return;
    }
    if (sequenceDegree() > tokens) {
      throw new IllegalArgumentException(model + " has " + tokens + " tokens, fewer than the "
          + sequenceDegree() + " workers of a sequence-parallel group: use at most " + tokens
          + " workers per group");
    }
    if (ulyssesDegree() > heads) {
      throw new IllegalArgumentException(model + " has " + heads + " attention heads; --ulysses-degree "
          + ulyssesDegree() + " would leave workers without a head: use at most " + heads);
    }
  }

  /** PipeFusion: every pipeline stage needs a block of the {@code depth}-block model (checked before loading a stage). */
  public void checkStages(String model, int depth) {
    int stages = sequenceDegree();
    if (stages > depth) {
      throw new IllegalArgumentException(model + " has " + depth + " blocks, fewer than the " + stages
          + " pipeline stages: use at most " + depth * branches() + " workers with " + strategy
          + (cfgParallel ? " --cfg-parallel" : ""));
    }
  }

  /** A short label for file names and tables, e.g. "ring4_1bit", "usp2x2_cfg", "pipefusion4_m4_1bit", "serial". */
  public String label() {
    StringBuilder s = new StringBuilder(strategy.cliName().replace("-", ""));
    if (strategy == Strategy.USP) {
      s.append(ulyssesDegree()).append('x').append(ringDegree());
    } else if (strategy.pipelined()) {
      s.append(sequenceDegree()).append("_m").append(patches);
    } else if (sequenceDegree() > 1) {
      s.append(sequenceDegree());
    }
    if (cfgParallel) {
      s.append("_cfg");
    }
    if (compressed()) {
      s.append('_').append(codec().toString().replace(':', '-'));
      if (residual() != ResidualMode.EF) {
        s.append('-').append(residual().label());
      }
    }
    return s.toString();
  }
}
