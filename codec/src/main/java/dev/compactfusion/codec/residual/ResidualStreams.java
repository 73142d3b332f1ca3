package dev.compactfusion.codec.residual;

import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.Codecs;

/** Creates the two ends of residual streams and answers what they cost on the wire. */
public final class ResidualStreams {
  private ResidualStreams() {}

  public static ResidualSender sender(StreamKey key, int tokens, int channels, StreamConfig cfg) {
    checkShape(key, tokens, channels);
    return new ResidualSender(key, tokens, channels, cfg);
  }

  public static ResidualReceiver receiver(StreamKey key, int tokens, int channels, StreamConfig cfg) {
    checkShape(key, tokens, channels);
    return new ResidualReceiver(key, tokens, channels, cfg);
  }

  /** What the exchange would cost uncompressed: 4 * tokens * channels. */
  public static long rawBytes(int tokens, int channels) {
    return 4L * tokens * channels;
  }

  /** Bytes of one compressed payload of {@code codec}, header included. */
  public static long payloadBytes(CodecSpec codec, int tokens, int channels) {
    return PayloadHeader.BYTES + (long) Codecs.bodyBytes(codec, tokens, channels);
  }

  private static void checkShape(StreamKey key, int tokens, int channels) {
    if (key == null) {
      throw new IllegalArgumentException("stream key is null");
    }
    if (tokens < 1 || channels < 1 || (long) tokens * channels > (1 << 29)) {
      throw new IllegalArgumentException("stream " + key + ": bad shape " + tokens + "x" + channels);
    }
  }
}
