package dev.compactfusion.models.diffusers.t5;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A protobuf message written field by field, for tests that need a model file the fixtures lack. */
final class ProtoBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  ProtoBytes varint(int field, long value) {
    key(field, 0);
    raw(value);
    return this;
  }

  ProtoBytes float32(int field, float value) {
    key(field, 5);
    out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
    return this;
  }

  ProtoBytes bytes(int field, byte[] value) {
    key(field, 2);
    raw(value.length);
    out.writeBytes(value);
    return this;
  }

  ProtoBytes string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  ProtoBytes message(int field, ProtoBytes value) {
    return bytes(field, value.toByteArray());
  }

  /** A SentencePiece entry: piece, score, type. */
  static ProtoBytes piece(String piece, float score, int type) {
    return new ProtoBytes().string(1, piece).float32(2, score).varint(3, type);
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void key(int field, int wireType) {
    raw((long) field << 3 | wireType);
  }

  private void raw(long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }
}
