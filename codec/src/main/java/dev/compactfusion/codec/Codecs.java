package dev.compactfusion.codec;

/** Creates codec instances by spec; the one place that knows every implementation. */
public final class Codecs {
  /**
   * The most elements one codec input (and so one residual stream) may hold: its fp32 bytes, and
   * so every body size computed from it, must fit an int.
   */
  public static final int MAX_ELEMENTS = Integer.MAX_VALUE / Float.BYTES;

  private Codecs() {}

  /** The one check of a codec input's shape: positive, and at most {@link #MAX_ELEMENTS} elements. */
  public static void checkShape(int tokens, int channels) {
    if (tokens < 1 || channels < 1) {
      throw new IllegalArgumentException("codec shape must be positive, got " + tokens + "x" + channels);
    }
    if ((long) tokens * channels > MAX_ELEMENTS) {
      throw new IllegalArgumentException("codec shape " + tokens + "x" + channels + " exceeds " + MAX_ELEMENTS
          + " elements");
    }
  }

  public static Codec create(CodecSpec spec, int tokens, int channels) {
    checkShape(tokens, channels);
    return switch (spec.kind()) {
      case NONE -> new Fp32Codec(spec, tokens, channels);
      case FP16 -> new Fp16Codec(spec, tokens, channels);
      case INT8, INT4 -> new MinMaxCodec(spec, tokens, channels);
      case ONE_BIT, TWO_BIT -> new SignCodec(spec, tokens, channels);
      case LOW_RANK, LOW_RANK_Q -> new LowRankCodec(spec, tokens, channels);
      case TOP_K -> new TopKCodec(spec, tokens, channels);
    };
  }

  /** Body size without creating scratch: what a payload of this codec costs on the wire. */
  public static int bodyBytes(CodecSpec spec, int tokens, int channels) {
    long nc = (long) tokens * channels;
    int r = spec.rank();
    return (int) switch (spec.kind()) {
      case NONE -> 4 * nc;
      case FP16 -> 2 * nc;
      case INT8 -> 4L * channels + nc;
      case INT4 -> 4L * channels + (nc + 1) / 2;
      case ONE_BIT -> 2L * (tokens + channels) + (nc + 7) / 8;
      case TWO_BIT -> 2L * (tokens + channels) + 2 * ((nc + 7) / 8);
      case LOW_RANK -> 2L * r * (tokens + channels);
      case LOW_RANK_Q -> 8L * r + ((long) tokens * r + 1) / 2 + ((long) r * channels + 1) / 2;
      case TOP_K -> 6L * TopKCodec.keep(spec.fraction(), nc);
    };
  }
}
