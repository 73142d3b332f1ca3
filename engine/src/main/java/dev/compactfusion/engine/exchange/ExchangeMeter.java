package dev.compactfusion.engine.exchange;

/**
 * What one worker's attention exchanges cost beyond the bytes its communicator counts: every
 * {@code Attention} made by an {@link ExchangeStrategy} implements this.
 */
public interface ExchangeMeter {

  /**
   * Bytes this worker's exchanges would have put on the wire as uncompressed fp32, counted once
   * per destination peer (the {@code bytes_raw} of the stats).
   */
  long rawBytes();

  /** Time spent encoding and decoding residual payloads. */
  long codecNanos();
}
