package dev.compactfusion.comms.tcp;

import dev.compactfusion.comms.transport.mesh.MessageKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds frames; payload bytes are wrapped, never copied. */
final class FrameWriter {
  /** Upper bound of a MESSAGE header (group and kind names are bounded by their records). */
  static final int MAX_HEADER_BYTES = 2 + 4 + 4 + 1 + 2 + 3 * MessageKey.MAX_GROUP_LENGTH + 2 + 3 * 64 + 12;

  private FrameWriter() {}

  static ByteBuf control(ByteBufAllocator alloc, FrameType type, ByteBuf body) {
    ByteBuf head = alloc.buffer(5);
    head.writeInt(1 + body.readableBytes()).writeByte(type.code());
    return Unpooled.wrappedBuffer(head, body);
  }

  static ByteBuf control(ByteBufAllocator alloc, FrameType type, byte[] body) {
    return control(alloc, type, Unpooled.wrappedBuffer(body));
  }

  static ByteBuf intFrame(ByteBufAllocator alloc, FrameType type, int value) {
    return control(alloc, type, alloc.buffer(4).writeInt(value));
  }

  /** The first frame of a message: header plus {@code chunk} (a slice of the caller's buffer). */
  static ByteBuf first(ByteBufAllocator alloc, int source, MessageKey key, int totalSize, ByteBuffer chunk) {
    byte[] group = key.group().getBytes(StandardCharsets.UTF_8);
    byte[] kind = key.tag().kind().getBytes(StandardCharsets.UTF_8);
    int headerLength = 4 + 4 + 1 + 2 + group.length + 2 + kind.length + 12;
    ByteBuf head = alloc.buffer(4 + 1 + 2 + headerLength);
    head.writeInt(1 + 2 + headerLength + chunk.remaining())
        .writeByte(FrameType.MESSAGE.code())
        .writeShort(headerLength)
        .writeInt(source)
        .writeInt(totalSize)
        .writeByte(key.operation().code())
        .writeShort(group.length).writeBytes(group)
        .writeShort(kind.length).writeBytes(kind)
        .writeInt(key.tag().layer()).writeInt(key.tag().step()).writeInt(key.tag().index());
    return chunk.hasRemaining() ? Unpooled.wrappedBuffer(head, Unpooled.wrappedBuffer(chunk)) : head;
  }

  static ByteBuf next(ByteBufAllocator alloc, ByteBuffer chunk) {
    ByteBuf head = alloc.buffer(5);
    head.writeInt(1 + chunk.remaining()).writeByte(FrameType.CONTINUE.code());
    return Unpooled.wrappedBuffer(head, Unpooled.wrappedBuffer(chunk));
  }
}
