package dev.compactfusion.engine.exchange;

import dev.compactfusion.codec.residual.StreamKey;
import java.nio.ByteBuffer;

/**
 * How one tokens × channels float32 matrix of a stream travels: as raw fp32 bytes, or as residual
 * payloads of the stream named by the key. Each key is encoded (on its origin) and decoded (on
 * each of its receivers) once per step, steps in order, so both ends stay in lock-step.
 */
interface MatrixWire {

  /** The payload for {@code matrix} (read from position 0, not modified). */
  ByteBuffer encode(StreamKey key, int step, ByteBuffer matrix, int tokens, int channels);

  /** The (possibly reconstructed) matrix, little-endian fp32 from position 0. */
  ByteBuffer decode(StreamKey key, int step, ByteBuffer payload, int tokens, int channels);

  /** Raw fp32 when the context has no streams, residual streams otherwise. */
  static MatrixWire of(ExchangeContext ctx, Meter meter) {
    return ctx.streams().<MatrixWire>map(f -> new StreamWire(f, meter)).orElseGet(RawWire::new);
  }
}
