package dev.compactfusion.engine.exchange;

import dev.compactfusion.codec.residual.StreamFactory;
import dev.compactfusion.codec.residual.ReceiverStream;
import dev.compactfusion.codec.residual.SenderStream;
import dev.compactfusion.codec.residual.StreamKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Matrices travel as residual payloads. Keeps the one end of every stream this worker touches
 * (made on first use, kept for the generation); empty matrices (a worker with no tokens, a
 * member with no heads) have no stream and travel as nothing.
 */
final class StreamWire implements MatrixWire {
  private final StreamFactory factory;
  private final Meter meter;
  private final Map<StreamKey, SenderStream> senders = new HashMap<>();
  private final Map<StreamKey, ReceiverStream> receivers = new HashMap<>();

  StreamWire(StreamFactory factory, Meter meter) {
    this.factory = factory;
    this.meter = meter;
  }

  @Override
  public ByteBuffer encode(StreamKey key, int step, ByteBuffer matrix, int tokens, int channels) {
    if (tokens == 0 || channels == 0) {
      return ByteBuffer.allocate(0);
    }
    SenderStream sender = senders.computeIfAbsent(key, k -> factory.sender(k, tokens, channels));
    return meter.timeCodec(() -> sender.encode(
        matrix.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer(), step));
  }

  @Override
  public ByteBuffer decode(StreamKey key, int step, ByteBuffer payload, int tokens, int channels) {
    ByteBuffer out = TensorBytes.allocate((long) tokens * channels);
    if (tokens == 0 || channels == 0) {
      return out;
    }
    ReceiverStream receiver = receivers.computeIfAbsent(key, k -> factory.receiver(k, tokens, channels));
    meter.timeCodec(() -> {
      receiver.decode(payload.duplicate().order(ByteOrder.LITTLE_ENDIAN), step, out.asFloatBuffer());
      return null;
    });
    return out;
  }
}
