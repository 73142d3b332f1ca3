package dev.compactfusion.codec.residual;

import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.Codecs;

/**
 * The factory of residual streams: both ends, all with one configuration (codec, mode, warmup),
 * checked here once; and what they cost on the wire.
 */
public record ResidualStreams(StreamConfig config) implements StreamFactory {
  public ResidualStreams {
    if (config == null) {
      throw new IllegalArgumentException("stream configuration is null");
    }
  }

  @Override
  public ResidualSender sender(StreamKey key, int tokens, int channels) {
    checkShape(key, tokens, channels);
    return new ResidualSender(key, tokens, channels, config);
  }

  @Override
  public ResidualReceiver receiver(StreamKey key, int tokens, int channels) {
    checkShape(key, tokens, channels);
    return new ResidualReceiver(key, tokens, channels, config);
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
    try {
      Codecs.checkShape(tokens, channels);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("stream " + key + ": " + e.getMessage(), e);
    }
  }
}
