package dev.compactfusion.engine.exchange;

import dev.compactfusion.codec.residual.ReceiverStream;
import dev.compactfusion.codec.residual.ResidualStreams;
import dev.compactfusion.codec.residual.SenderStream;
import dev.compactfusion.codec.residual.StreamConfig;
import dev.compactfusion.codec.residual.StreamKey;

/** Residual streams of the codecs module, all with one configuration (codec, mode, warmup). */
public record CodecStreamFactory(StreamConfig config) implements StreamFactory {
  public CodecStreamFactory {
    if (config == null) {
      throw new IllegalArgumentException("stream configuration is null");
    }
  }

  @Override
  public SenderStream sender(StreamKey key, int tokens, int channels) {
    return ResidualStreams.sender(key, tokens, channels, config);
  }

  @Override
  public ReceiverStream receiver(StreamKey key, int tokens, int channels) {
    return ResidualStreams.receiver(key, tokens, channels, config);
  }
}
