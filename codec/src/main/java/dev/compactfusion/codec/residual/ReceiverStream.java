package dev.compactfusion.codec.residual;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/** A remote end of one residual stream: keeps its copy of the base and reconstructs X from payloads. */
public interface ReceiverStream {

  StreamKey key();

  /**
   * Validates the payload against this stream (codec, shape, version) and writes the
   * reconstruction (tokens x channels, row-major) into {@code out} from its position.
   *
   * @throws CorruptPayloadException naming the stream when the payload does not fit
   */
  void decode(ByteBuffer payload, int step, FloatBuffer out);

  long stateBytes();
}
