package dev.compactfusion.codec.residual;

import dev.compactfusion.codec.CodecKind;
import dev.compactfusion.codec.CodecSpec;

/**
 * How a residual stream compresses: the codec (used when {@code policy} is the default), the
 * residual mode, how many first steps go raw, whether bases are stored as fp16 (halves their
 * memory; both ends round identically), and the per-layer/per-step codec policy.
 */
public record StreamConfig(CodecSpec codec, ResidualMode mode, int warmupSteps, boolean fp16Bases, CodecPolicy policy) {

  public static final int DEFAULT_WARMUP = 1;

  public StreamConfig {
    if (codec == null) {
      throw new IllegalArgumentException("stream codec is null");
    }
    if (mode == null) {
      throw new IllegalArgumentException("stream residual mode is null");
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmup steps must be >= 0, got " + warmupSteps);
    }
    if (policy == null) {
      policy = CodecPolicy.fixed(codec);
    }
  }

  /** ef, warmup 1, fp32 bases, fixed codec. */
  public static StreamConfig of(CodecSpec codec) {
    return new StreamConfig(codec, ResidualMode.EF, DEFAULT_WARMUP, false, null);
  }

  public static StreamConfig of(String codec) {
    return of(CodecSpec.parse(codec));
  }

  public StreamConfig withMode(ResidualMode m) {
    return new StreamConfig(codec, m, warmupSteps, fp16Bases, policy);
  }

  public StreamConfig withWarmup(int steps) {
    return new StreamConfig(codec, mode, steps, fp16Bases, policy);
  }

  public StreamConfig withFp16Bases(boolean fp16) {
    return new StreamConfig(codec, mode, warmupSteps, fp16, policy);
  }

  public StreamConfig withPolicy(CodecPolicy p) {
    return new StreamConfig(codec, mode, warmupSteps, fp16Bases, p);
  }

  /** The codec for (layer, step), or null when the step goes raw (warmup, or codec none). */
  CodecSpec compressedCodec(int layer, int step) {
    if (step < warmupSteps) {
      return null;
    }
    CodecSpec chosen = policy.choose(layer, step);
    if (chosen == null) {
      throw new IllegalStateException("codec policy returned null for layer " + layer + " step " + step);
    }
    return chosen.kind() == CodecKind.NONE ? null : chosen;
  }
}
