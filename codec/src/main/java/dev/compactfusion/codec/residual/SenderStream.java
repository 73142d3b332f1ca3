package dev.compactfusion.codec.residual;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * The owner's end of one residual stream (one tensor kind of one layer from one origin rank, to
 * one destination where the exchange is pairwise). Holds the base shared with every receiver.
 * Warmup steps send X raw (base := X); compressed steps send C(X - base) and set
 * base := base + D(payload), so compression error is fed back (mode ef; see docs/design.md).
 */
public interface SenderStream {

  StreamKey key();

  /**
   * @param x tokens x channels floats, row-major, read from position (not modified)
   * @param step denoising step (0-based); warmup and the codec policy decide by it
   * @return the self-describing payload to put on the wire
   */
  ByteBuffer encode(FloatBuffer x, int step);

  /** Bytes held in this end's state (base, warm-start basis). */
  long stateBytes();
}
