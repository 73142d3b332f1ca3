package dev.compactfusion.engine.exchange;

import dev.compactfusion.codec.residual.StreamFactory;
import dev.compactfusion.codec.residual.CorruptPayloadException;
import dev.compactfusion.codec.residual.ReceiverStream;
import dev.compactfusion.codec.residual.SenderStream;
import dev.compactfusion.codec.residual.StreamKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lossless streams that check the lock-step contract: each payload names its stream and step;
 * a receiver refuses a payload of another stream, of another step than the one it is told, or
 * one that skips or repeats a step. Counts what each end did.
 */
final class CheckingStreams implements StreamFactory {
  final Map<StreamKey, Integer> encoded = new ConcurrentHashMap<>();
  final Map<StreamKey, Integer> decoded = new ConcurrentHashMap<>();

  @Override
  public SenderStream sender(StreamKey key, int tokens, int channels) {
    if (encoded.putIfAbsent(key, 0) != null) {
      throw new AssertionError("sender for " + key + " asked for twice");
    }
    return new SenderStream() {
      private int lastStep = -1;

      @Override
      public StreamKey key() {
        return key;
      }

      @Override
      public ByteBuffer encode(FloatBuffer x, int step) {
        if (step <= lastStep || x.remaining() != tokens * channels) {
          throw new AssertionError(key + ": encode step " + step + " after " + lastStep + ", " + x.remaining() + " floats");
        }
        lastStep = step;
        encoded.merge(key, 1, Integer::sum);
        ByteBuffer out = ByteBuffer.allocateDirect(8 + 4 * x.remaining())
            .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(step).putInt(key.hashCode());
        out.asFloatBuffer().put(x.duplicate());
        out.position(out.position() + 4 * x.remaining());
        return out.flip();
      }

      @Override
      public long stateBytes() {
        return 0;
      }
    };
  }

  @Override
  public ReceiverStream receiver(StreamKey key, int tokens, int channels) {
    if (decoded.putIfAbsent(key, 0) != null) {
      throw new AssertionError("receiver for " + key + " asked for twice");
    }
    return new ReceiverStream() {
      private int lastStep = -1;

      @Override
      public StreamKey key() {
        return key;
      }

      @Override
      public void decode(ByteBuffer payload, int step, FloatBuffer out) {
        ByteBuffer in = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int sentStep = in.getInt();
        if (in.getInt() != key.hashCode()) {
          throw new CorruptPayloadException(key, "payload of another stream");
        }
        if (sentStep != step || step != lastStep + 1) {
          throw new CorruptPayloadException(key, "payload of step " + sentStep + " decoded as step " + step
              + " after step " + lastStep);
        }
        if (in.remaining() != 4 * tokens * channels) {
          throw new CorruptPayloadException(key, in.remaining() + " bytes for " + tokens + " x " + channels);
        }
        lastStep = step;
        decoded.merge(key, 1, Integer::sum);
        out.duplicate().put(in.asFloatBuffer());
      }

      @Override
      public long stateBytes() {
        return 0;
      }
    };
  }
}
