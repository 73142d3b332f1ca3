package dev.compactfusion.codec.residual;

import dev.compactfusion.codec.Codec;
import dev.compactfusion.codec.CodecKind;
import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.MalformedBodyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** A remote end of a residual stream; see {@link ReceiverStream}. */
public final class ResidualReceiver implements ReceiverStream {
  private static final CodecSpec RAW = CodecSpec.of(CodecKind.NONE);

  private final StreamKey key;
  private final StreamConfig cfg;
  private final int tokens;
  private final int channels;
  private final int size;
  private final Base base;
  private final CodecCache codecs;
  private final float[] work;
  private byte[] copy = new byte[0];
  private long bytesReceived;

  ResidualReceiver(StreamKey key, int tokens, int channels, StreamConfig cfg) {
    this.key = key;
    this.cfg = cfg;
    this.tokens = tokens;
    this.channels = channels;
    this.size = tokens * channels;
    this.base = cfg.mode() == ResidualMode.NAIVE ? null : new Base(size, cfg.fp16Bases());
    this.codecs = new CodecCache(tokens, channels);
    this.work = new float[size];
  }

  @Override
  public StreamKey key() {
    return key;
  }

  @Override
  public void decode(ByteBuffer payload, int step, FloatBuffer out) {
    if (out.remaining() < size) {
      throw new IllegalArgumentException("stream " + key + ": output has room for " + out.remaining()
          + " floats, expected tokens x channels = " + size);
    }
    int len = payload.remaining();
    if (len < PayloadHeader.BYTES) {
      throw new CorruptPayloadException(key, "truncated: " + len + " bytes, shorter than the " + PayloadHeader.BYTES + "-byte header");
    }
    byte[] in;
    int off;
    if (payload.hasArray()) {
      in = payload.array();
      off = payload.arrayOffset() + payload.position();
    } else {
      if (copy.length < len) {
        copy = new byte[len];
      }
      payload.get(payload.position(), copy, 0, len);
      in = copy;
      off = 0;
    }
    PayloadHeader h = PayloadHeader.read(in, off, key);
    CodecSpec expected = cfg.compressedCodec(key.layer(), step);
    Codec codec = codecs.get(expected == null ? RAW : expected);
    validate(h, step, expected, codec, len);
    int body = off + PayloadHeader.BYTES;
    CRC32C crc = new CRC32C();
    crc.update(in, body, codec.bodyBytes());
    if ((int) crc.getValue() != h.crc()) {
      throw new CorruptPayloadException(key, "body checksum mismatch (damaged in transit)");
    }
    float[] result;
    try {
      if (expected == null) {
        // Raw: copy the floats as sent (adding to zero would turn -0.0 into 0.0 and break base equality).
        ByteBuffer.wrap(in, body, 4 * size).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(work);
        if (base != null) {
          base.store(work);
        }
        result = work;
      } else if (base == null) {
        Arrays.fill(work, 0f);
        codec.decodeAdd(in, body, work);
        result = work;
      } else {
        float[] b = base.load(work);
        codec.decodeAdd(in, body, b);
        base.store(b);
        result = b;
      }
    } catch (MalformedBodyException e) {
      throw new CorruptPayloadException(key, e.getMessage());
    }
    out.put(out.position(), result, 0, size);
    bytesReceived += len;
  }

  private void validate(PayloadHeader h, int step, CodecSpec expected, Codec codec, int len) {
    if (h.tokens() != tokens || h.channels() != channels) {
      throw new CorruptPayloadException(key, "payload shape " + h.tokens() + "x" + h.channels()
          + ", stream expects " + tokens + "x" + channels);
    }
    if (h.step() != step) {
      throw new CorruptPayloadException(key, "payload is for step " + h.step() + ", expected step " + step);
    }
    int expectedKind = expected == null ? PayloadHeader.RAW : PayloadHeader.COMPRESSED;
    if (h.kind() != expectedKind) {
      throw new CorruptPayloadException(key, "payload kind " + kindName(h.kind()) + ", expected "
          + kindName(expectedKind) + " at step " + step);
    }
    CodecSpec want = codec.spec();
    if (h.codecId() != want.kind().id() || h.param() != want.wireParam()) {
      CodecKind got = CodecKind.byId(h.codecId());
      throw new CorruptPayloadException(key, "payload codec " + (got == null ? "id " + h.codecId() : got.label())
          + " (parameter " + h.param() + "), stream expects " + want + " at step " + step);
    }
    int need = PayloadHeader.BYTES + codec.bodyBytes();
    if (len != need) {
      throw new CorruptPayloadException(key, (len < need ? "truncated: " : "oversized: ") + len
          + " bytes, " + want + " at " + tokens + "x" + channels + " needs " + need);
    }
  }

  private static String kindName(int kind) {
    return kind == PayloadHeader.RAW ? "raw" : kind == PayloadHeader.COMPRESSED ? "compressed" : "unknown(" + kind + ")";
  }

  /** A copy of this end's base (fp16 bases widened). */
  public float[] baseSnapshot() {
    return base == null ? new float[0] : base.load(new float[size]).clone();
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  @Override
  public long stateBytes() {
    return (base == null ? 0 : base.bytes()) + codecs.stateBytes();
  }
}
