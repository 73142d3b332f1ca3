package dev.compactfusion.comms.tcp;

import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.mesh.MessageKey;
import dev.compactfusion.comms.transport.mesh.Operation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the byte stream into {@link ControlFrame}s and whole {@link Delivery}s. Payload bytes are
 * copied once, straight from the socket buffer into the message's own buffer, which is allocated
 * only after its declared size passed the bounds. Before the peer is authenticated only handshake
 * frames of a few bytes pass. Anything oversize or malformed throws, and the connection is closed
 * by the handler behind; after that this decoder discards all input.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  static final int MAX_CONTROL_BYTES = 64 * 1024;
  private static final int MAX_HANDSHAKE_BYTES = 1 + 32;

  private final int maxChunkBytes;
  private final long maxMessageBytes;
  private boolean authenticated;
  private boolean broken;
  private int expectedSource = -1;

  private MessageKey key;
  private int source;
  private ByteBuffer target;
  private long framed;
  private int frameRemaining;

  FrameDecoder(int maxChunkBytes, long maxMessageBytes) {
    this.maxChunkBytes = maxChunkBytes;
    this.maxMessageBytes = maxMessageBytes;
  }

  void authenticated() {
    authenticated = true;
  }

  /** Messages on this connection must name this source rank. */
  void expectSource(int rank) {
    expectedSource = rank;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (broken) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      decodeAvailable(in, out);
    } catch (RuntimeException e) {
      broken = true;
      target = null;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  /** Stops after each decoded object: the handlers behind must see it (e.g. the end of the handshake) first. */
  private void decodeAvailable(ByteBuf in, List<Object> out) {
    while (in.isReadable() && out.isEmpty()) {
      if (frameRemaining > 0) {
        int n = Math.min(in.readableBytes(), frameRemaining);
        ByteBuffer dst = target.duplicate();
        dst.limit(dst.position() + n);
        in.readBytes(dst);
        target.position(target.position() + n);
        frameRemaining -= n;
        completeIfWhole(out);
        continue;
      }
      if (in.readableBytes() < 5) {
        return;
      }
      int start = in.readerIndex();
      int length = in.getInt(start);
      FrameType type = length < 1 ? null : typeOf(in.getByte(start + 4));
      if (type == null) {
        throw new CorruptedFrameException("malformed frame (length " + length + ", type code "
            + in.getByte(start + 4) + ")");
      }
      if (!authenticated && (!type.handshake() || length > MAX_HANDSHAKE_BYTES)) {
        throw new CorruptedFrameException("unauthenticated peer sent a " + type + " frame of " + length
            + " bytes before the token handshake");
      }
      boolean progressed = switch (type) {
        case MESSAGE -> message(in, length, out);
        case CONTINUE -> continuation(in, length, out);
        default -> control(in, length, type, out);
      };
      if (!progressed) {
        return;
      }
    }
  }

  private boolean control(ByteBuf in, int length, FrameType type, List<Object> out) {
    if (length - 1 > MAX_CONTROL_BYTES) {
      throw new TooLongFrameException(type + " frame of " + length + " bytes exceeds " + MAX_CONTROL_BYTES);
    }
    if (in.readableBytes() < 4 + length) {
      return false;
    }
    in.skipBytes(5);
    out.add(new ControlFrame(type, Unpooled.buffer(length - 1).writeBytes(in, length - 1)));
    return true;
  }

  private boolean message(ByteBuf in, int length, List<Object> out) {
    if ((long) length > 1 + 2 + FrameWriter.MAX_HEADER_BYTES + (long) maxChunkBytes) {
      throw new TooLongFrameException("message frame of " + length + " bytes exceeds the chunk limit of "
          + maxChunkBytes + " bytes plus header");
    }
    if (target != null) {
      throw new CorruptedFrameException("a new message started before the previous one was complete");
    }
    if (in.readableBytes() < 7) {
      return false;
    }
    int start = in.readerIndex();
    int headerLength = in.getUnsignedShort(start + 5);
    if (headerLength > FrameWriter.MAX_HEADER_BYTES || 3 + headerLength > length) {
      throw new CorruptedFrameException("message header of " + headerLength + " bytes does not fit its frame");
    }
    if (in.readableBytes() < 7 + headerLength) {
      return false;
    }
    in.skipBytes(7);
    ByteBuf header = in.readSlice(headerLength);
    int from = header.readInt();
    long total = header.readInt();
    int opCode = header.readByte();
    String group = string(header, MessageKey.MAX_GROUP_LENGTH * 3);
    String kind = string(header, 64 * 3);
    Tag tag = new Tag(kind, header.readInt(), header.readInt(), header.readInt());
    int chunk = length - 3 - headerLength;
    if (expectedSource >= 0 && from != expectedSource) {
      throw new CorruptedFrameException("message names source rank " + from + " on the connection of rank "
          + expectedSource);
    }
    if (total < 0 || total > maxMessageBytes) {
      throw new TooLongFrameException("message of " + total + " bytes exceeds the limit of " + maxMessageBytes
          + " bytes");
    }
    Operation operation = operationOf(opCode);
    if (chunk > total || operation == null) {
      throw new CorruptedFrameException("message header is inconsistent (chunk " + chunk + " of " + total
          + " bytes, operation " + opCode + ")");
    }
    key = new MessageKey(group, operation, tag);
    source = from;
    target = ByteBuffer.allocate((int) total);
    framed = 4L + length;
    frameRemaining = chunk;
    completeIfWhole(out);
    return true;
  }

  private boolean continuation(ByteBuf in, int length, List<Object> out) {
    int chunk = length - 1;
    if (chunk > maxChunkBytes) {
      throw new TooLongFrameException("continuation frame of " + length + " bytes exceeds the chunk limit of "
          + maxChunkBytes);
    }
    if (target == null || chunk > target.remaining() || chunk == 0) {
      throw new CorruptedFrameException("continuation frame of " + chunk + " bytes does not belong to a message");
    }
    in.skipBytes(5);
    framed += 4L + length;
    frameRemaining = chunk;
    return true;
  }

  private void completeIfWhole(List<Object> out) {
    if (frameRemaining == 0 && target != null && !target.hasRemaining()) {
      target.flip();
      out.add(new Delivery(key, source, target.order(ByteOrder.LITTLE_ENDIAN), framed));
      target = null;
      key = null;
    }
  }

  private static String string(ByteBuf header, int maxBytes) {
    int n = header.readUnsignedShort();
    if (n > maxBytes || n > header.readableBytes()) {
      throw new CorruptedFrameException("name of " + n + " bytes in a message header is too long");
    }
    return header.readCharSequence(n, StandardCharsets.UTF_8).toString();
  }

  /** The frame type of a wire code, or null for a code no sender writes (the frame is then corrupt). */
  private static FrameType typeOf(int code) {
    try {
      return FrameType.fromCode(code);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The operation of a wire code, or null for a code no sender writes (the header is then corrupt). */
  private static Operation operationOf(int code) {
    try {
      return Operation.fromCode(code);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
