package dev.compactfusion.comms.transport.mesh;

import java.nio.ByteBuffer;

/** A received payload (owned by the receiver, position 0) and the bytes its transport framed for it. */
public record Message(ByteBuffer payload, long framedBytes) {
  public Message {
    if (payload == null || framedBytes < payload.remaining()) {
      throw new IllegalArgumentException("framed bytes must cover the payload");
    }
  }
}
