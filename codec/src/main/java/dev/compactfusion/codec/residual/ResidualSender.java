package dev.compactfusion.codec.residual;

import dev.compactfusion.codec.Codec;
import dev.compactfusion.codec.CodecKind;
import dev.compactfusion.codec.CodecSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.zip.CRC32C;

/** The owner's end of a residual stream; see {@link SenderStream} and docs/design.md. */
public final class ResidualSender implements SenderStream {
  private static final CodecSpec RAW = CodecSpec.of(CodecKind.NONE);

  private final StreamKey key;
  private final StreamConfig cfg;
  private final int size;
  private final Base base;
  private final CodecCache codecs;
  private final float[] x;
  private final float[] delta;
  private final float[] baseScratch;
  private long bytesSent;
  private long payloads;

  ResidualSender(StreamKey key, int tokens, int channels, StreamConfig cfg) {
    this.key = key;
    this.cfg = cfg;
    this.size = tokens * channels;
    this.base = cfg.mode() == ResidualMode.NAIVE ? null : new Base(size, cfg.fp16Bases());
    this.codecs = new CodecCache(tokens, channels);
    this.x = new float[size];
    this.delta = cfg.mode() == ResidualMode.NAIVE ? null : new float[size];
    this.baseScratch = cfg.fp16Bases() ? new float[size] : null;
  }

  @Override
  public StreamKey key() {
    return key;
  }

  /** The returned buffer is freshly allocated and owned by the caller (it may be sent asynchronously). */
  @Override
  public ByteBuffer encode(FloatBuffer input, int step) {
    if (input.remaining() < size) {
      throw new IllegalArgumentException("stream " + key + ": input has " + input.remaining()
          + " floats, expected tokens x channels = " + size);
    }
    input.get(input.position(), x);
    CodecSpec spec = cfg.compressedCodec(key.layer(), step);
    Codec codec = codecs.get(spec == null ? RAW : spec);
    byte[] out = new byte[PayloadHeader.BYTES + codec.bodyBytes()];
    int body = PayloadHeader.BYTES;
    if (spec == null) {
      codec.encode(x, out, body);
      if (base != null) {
        base.store(x);
      }
    } else if (cfg.mode() == ResidualMode.NAIVE) {
      codec.encode(x, out, body);
    } else {
      float[] b = base.load(baseScratch);
      for (int i = 0; i < size; i++) {
        delta[i] = x[i] - b[i];
      }
      codec.encode(delta, out, body);
      if (cfg.mode() == ResidualMode.EF) {
        // The sender decodes its own payload with the receivers' code, so bases stay bit-identical.
        codec.decodeAdd(out, body, b);
        base.store(b);
      } else {
        base.store(x);
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(out, body, out.length - body);
    new PayloadHeader(PayloadHeader.VERSION, spec == null ? PayloadHeader.RAW : PayloadHeader.COMPRESSED,
        codec.spec().kind().id(), codec.tokens(), codec.channels(), step, codec.spec().wireParam(),
        (int) crc.getValue()).write(out);
    bytesSent += out.length;
    payloads++;
    return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A copy of the base as the receivers hold it (fp16 bases widened); for checks and reports. */
  public float[] baseSnapshot() {
    return base == null ? new float[0] : base.load(new float[size]).clone();
  }

  public long bytesSent() {
    return bytesSent;
  }

  public long payloads() {
    return payloads;
  }

  @Override
  public long stateBytes() {
    return (base == null ? 0 : base.bytes()) + codecs.stateBytes();
  }
}
