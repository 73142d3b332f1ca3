package dev.compactfusion.models.diffusers.t5;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protobuf wire format, read by hand over one message's bytes: a field key is a varint
 * (field number × 8 + wire type), then a varint (type 0), 8 bytes (1), a varint length and that
 * many bytes (2) or 4 bytes (5), little-endian. Groups (types 3 and 4, long deprecated) and any
 * read past the end are refused with an {@link IllegalArgumentException} giving the byte offset.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] bytes;
  private final int end;
  private int pos;
  private int wireType = -1;

  ProtoReader(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  private ProtoReader(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  boolean more() {
    return pos < end;
  }

  /** The next field's number; its wire type is then {@link #wireType()}. */
  int field() {
    int at = pos;
    long key = varint();
    int number = (int) (key >>> 3);
    wireType = (int) (key & 7);
    if (number < 1 || key >>> 3 > 0x1fffffff) {
      throw new IllegalArgumentException("field key " + key + " at byte " + at + " has no valid field number");
    }
    if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
      throw new IllegalArgumentException("field " + number + " at byte " + at + " has wire type " + wireType
          + ", which no field of a SentencePiece model uses");
    }
    return number;
  }

  int wireType() {
    return wireType;
  }

  long varint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new IllegalArgumentException("varint cut off at byte " + pos);
      }
      byte b = bytes[pos++];
      v |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes before byte " + pos);
  }

  /** An int32 or enum field: negative values are sign-extended 10-byte varints, truncated here as protobuf does. */
  int int32() {
    return (int) varint();
  }

  boolean bool() {
    return varint() != 0;
  }

  float float32() {
    need(4);
    int v = ByteBuffer.wrap(bytes, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    pos += 4;
    return Float.intBitsToFloat(v);
  }

  byte[] bytes() {
    int n = length();
    byte[] out = Arrays.copyOfRange(bytes, pos, pos + n);
    pos += n;
    return out;
  }

  String string() {
    int at = pos;
    byte[] b = bytes();
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("string at byte " + at + " is not UTF-8");
    }
  }

  /** A reader over the embedded message that follows. */
  ProtoReader message() {
    int n = length();
    ProtoReader sub = new ProtoReader(bytes, pos, pos + n);
    pos += n;
    return sub;
  }

  /** Skips the value of the field just read, whatever its wire type. */
  void skip() {
    switch (wireType) {
      case VARINT -> varint();
      case FIXED64 -> skipBytes(8);
      case LENGTH_DELIMITED -> skipBytes(length());
      case FIXED32 -> skipBytes(4);
      default -> throw new IllegalStateException("no field read");
    }
  }

  /** Fails unless the field just read has {@code expected} wire type. */
  void expect(int expected, String name) {
    if (wireType != expected) {
      throw new IllegalArgumentException(name + " has wire type " + wireType + " before byte " + pos
          + ", expected " + expected);
    }
  }

  private int length() {
    int at = pos;
    long n = varint();
    if (n < 0 || n > end - pos) {
      throw new IllegalArgumentException("length " + n + " at byte " + at + " runs past the end (byte " + end + ")");
    }
    return (int) n;
  }

  private void skipBytes(int n) {
    need(n);
    pos += n;
  }

  private void need(int n) {
    if (n > end - pos) {
      throw new IllegalArgumentException(n + " bytes wanted at byte " + pos + " but the message ends at byte " + end);
    }
  }
}
