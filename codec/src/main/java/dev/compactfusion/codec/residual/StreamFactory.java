package dev.compactfusion.codec.residual;

/**
 * Makes the two ends of residual streams for one worker's exchanges (codec, residual mode and
 * warmup already chosen). Each key is asked for once; the caller keeps the stream for the run.
 * {@link ResidualStreams} is the implementation; tests substitute their own.
 */
public interface StreamFactory {
  SenderStream sender(StreamKey key, int tokens, int channels);

  ReceiverStream receiver(StreamKey key, int tokens, int channels);
}
