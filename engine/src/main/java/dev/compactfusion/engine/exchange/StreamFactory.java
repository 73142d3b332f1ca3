package dev.compactfusion.engine.exchange;

import dev.compactfusion.codec.residual.ReceiverStream;
import dev.compactfusion.codec.residual.SenderStream;
import dev.compactfusion.codec.residual.StreamKey;

/**
 * Makes the two ends of residual streams for one worker's exchanges (codec, residual mode and
 * warmup already chosen). Each key is asked for once; the caller keeps the stream for the run.
 */
public interface StreamFactory {
  SenderStream sender(StreamKey key, int tokens, int channels);

  ReceiverStream receiver(StreamKey key, int tokens, int channels);
}
