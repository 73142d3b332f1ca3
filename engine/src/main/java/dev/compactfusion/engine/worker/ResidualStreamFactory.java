package dev.compactfusion.engine.worker;

import dev.compactfusion.comms.residual.ReceiverStream;
import dev.compactfusion.comms.residual.ResidualStreams;
import dev.compactfusion.comms.residual.SenderStream;
import dev.compactfusion.comms.residual.StreamConfig;
import dev.compactfusion.comms.residual.StreamKey;
import dev.compactfusion.engine.exchange.StreamFactory;

/** Residual streams of the plan's codec, mode and warmup for every exchange of one worker. */
record ResidualStreamFactory(StreamConfig config) implements StreamFactory {
  @Override
  public SenderStream sender(StreamKey key, int tokens, int channels) {
    return ResidualStreams.sender(key, tokens, channels, config);
  }

  @Override
  public ReceiverStream receiver(StreamKey key, int tokens, int channels) {
    return ResidualStreams.receiver(key, tokens, channels, config);
  }
}
