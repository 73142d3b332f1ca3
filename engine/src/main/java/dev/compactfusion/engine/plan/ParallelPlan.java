package dev.compactfusion.engine.plan;

import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.residual.ResidualMode;
import dev.compactfusion.codec.residual.StreamConfig;
import dev.compactfusion.models.dit.TokenRange;
import java.util.Locale;

/**
 * How one generation is split over workers. Without cfg parallelism every worker belongs to one
 * sequence-parallel group of {@code workers}; with it, ranks [0, sp) run the conditional branch and
 * [sp, 2sp) the unconditional one, so {@code workers = 2 * sp}. Inside a group the strategy's
 * degrees multiply to sp (ulysses: u = sp; ring: r = sp; usp: u * r = sp; the rest: 1 * 1).
 *
 * <p>Degrees given as 0 are derived from the strategy. The compact constructor rejects every plan
 * that cannot run, with a one-line message saying what to change.
 *
 * @param codec codec spec string ("none" = raw fp32 exchanges), parsed by the codecs module
 * @param residual residual mode: ef, noef or naive
 * @param warmup steps that exchange raw activations before compression or staleness starts
 */
public record ParallelPlan(
    Strategy strategy,
    int workers,
    int ulyssesDegree,
    int ringDegree,
    boolean cfgParallel,
    String codec,
    String residual,
    int warmup) {

  public ParallelPlan {
    if (strategy == null) {
      throw new IllegalArgumentException("no parallel strategy given; known: " + Strategy.names());
    }
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
    }
    if (cfgParallel && workers % 2 != 0) {
      throw new IllegalArgumentException("--cfg-parallel splits the workers into two equal branches: "
          + "--workers must be even, got " + workers);
    }
    int sp = cfgParallel ? workers / 2 : workers;
    if (ulyssesDegree < 0 || ringDegree < 0) {
      throw new IllegalArgumentException("--ulysses-degree and --ring-degree must be positive, got "
          + ulyssesDegree + " and " + ringDegree);
    }
    switch (strategy) {
      case ULYSSES -> {
        ulyssesDegree = requireDegree("--ulysses-degree", ulyssesDegree, sp, strategy);
        ringDegree = requireDegree("--ring-degree", ringDegree, 1, strategy);
      }
      case RING -> {
        ringDegree = requireDegree("--ring-degree", ringDegree, sp, strategy);
        ulyssesDegree = requireDegree("--ulysses-degree", ulyssesDegree, 1, strategy);
      }
      case USP -> {
        if (ulyssesDegree == 0 && ringDegree == 0) {
          throw new IllegalArgumentException("usp needs --ulysses-degree U and --ring-degree R with U x R = "
              + sp + groupNote(cfgParallel));
        }
        int given = Math.max(ulyssesDegree, ringDegree);
        if ((ulyssesDegree == 0 || ringDegree == 0) && sp % given != 0) {
          throw new IllegalArgumentException("usp: degree " + given + " does not divide the " + sp
              + " workers of a group" + groupNote(cfgParallel));
        }
        if (ulyssesDegree == 0) {
          ulyssesDegree = sp / ringDegree;
        } else if (ringDegree == 0) {
          ringDegree = sp / ulyssesDegree;
        }
        if (ulyssesDegree * ringDegree != sp) {
          throw new IllegalArgumentException("usp needs --ulysses-degree x --ring-degree = " + sp
              + groupNote(cfgParallel) + ", got " + ulyssesDegree + " x " + ringDegree);
        }
      }
      default -> {
        ulyssesDegree = requireDegree("--ulysses-degree", ulyssesDegree, 1, strategy);
        ringDegree = requireDegree("--ring-degree", ringDegree, 1, strategy);
      }
    }
    if (strategy == Strategy.SERIAL && sp != 1) {
      throw new IllegalArgumentException("serial runs one worker per branch: use --workers "
          + (cfgParallel ? 2 : 1) + " or a parallel strategy (--parallel patch|ring|...)");
    }
    codec = codec == null ? "none" : codec.strip().toLowerCase(Locale.ROOT);
    CodecSpec.parse(codec);
    residual = residual == null ? "ef" : residual.strip().toLowerCase(Locale.ROOT);
    ResidualMode.parse(residual);
    boolean compressed = !codec.equals("none");
    if (compressed && sp == 1) {
      throw new IllegalArgumentException("--compress " + codec + " has nothing to compress: one worker per "
          + "branch exchanges no activations; use --compress none or more workers");
    }
    if (compressed && strategy == Strategy.DISTRIFUSION) {
      throw new IllegalArgumentException("distrifusion exchanges raw fp32 K,V; for compressed stale "
          + "exchanges use --parallel compact-async --compress " + codec);
    }
    if (!compressed && strategy == Strategy.COMPACT_ASYNC) {
      throw new IllegalArgumentException("compact-async exchanges compressed residuals: add --compress CODEC "
          + "(e.g. 1bit), or use --parallel distrifusion for raw stale exchanges");
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must be 0 or more steps, got " + warmup);
    }
    if (strategy.stale() && warmup < 1) {
      throw new IllegalArgumentException(strategy + " uses last step's remote K,V and needs at least one "
          + "synchronous warmup step: use --warmup 1 or more");
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

  /** A plan for one worker without cfg parallelism: the reference every parallel run is tested against. */
  public static ParallelPlan serial() {
    return new ParallelPlan(Strategy.SERIAL, 1, 0, 0, false, "none", "ef", 1);
  }

  /** How the residual streams of a compressed plan encode (codec, mode, raw warmup steps). */
  public StreamConfig streamConfig() {
    return new StreamConfig(CodecSpec.parse(codec), ResidualMode.parse(residual), warmup, false, null);
  }

  /** Number of cfg branches on separate workers: 2 with cfg parallelism, else 1. */
  public int branches() {
    return cfgParallel ? 2 : 1;
  }

  /** Workers in one sequence-parallel group. */
  public int sequenceDegree() {
    return workers / branches();
  }

  public boolean compressed() {
    return !codec.equals("none");
  }

  /** The token range of sequence-parallel rank {@code spRank} (uneven when tokens do not divide). */
  public TokenRange tokenRange(int tokens, int spRank) {
    return TokenRange.split(tokens, sequenceDegree(), spRank);
  }

  /**
   * Checks the plan against a model: every worker needs at least one token, and Ulysses splits the
   * heads over its degree.
   */
  public void checkFits(String model, int tokens, int heads) {
    if (sequenceDegree() > tokens) {
      throw new IllegalArgumentException(model + " has " + tokens + " tokens, fewer than the "
          + sequenceDegree() + " workers of a sequence-parallel group: use at most " + tokens
          + " workers per group");
    }
    if (ulyssesDegree > heads) {
      throw new IllegalArgumentException(model + " has " + heads + " attention heads; --ulysses-degree "
          + ulyssesDegree + " would leave workers without a head: use at most " + heads);
    }
  }

  /** A short label for file names and tables, e.g. "ring4_1bit", "usp2x2_cfg", "serial". */
  public String label() {
    StringBuilder s = new StringBuilder(strategy.cliName().replace("-", ""));
    if (strategy == Strategy.USP) {
      s.append(ulyssesDegree).append('x').append(ringDegree);
    } else if (sequenceDegree() > 1) {
      s.append(sequenceDegree());
    }
    if (cfgParallel) {
      s.append("_cfg");
    }
    if (compressed()) {
      s.append('_').append(codec.replace(':', '-'));
      if (!residual.equals("ef")) {
        s.append('-').append(residual);
      }
    }
    return s.toString();
  }
}
