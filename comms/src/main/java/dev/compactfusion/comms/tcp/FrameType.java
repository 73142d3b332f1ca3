package dev.compactfusion.comms.tcp;

/**
 * Frame layout: {@code int length} (bytes after this field), {@code byte type}, then the body.
 * Only CHALLENGE and RESPONSE are accepted before the peer has proven it knows the token. The type
 * byte is each constant's explicit {@link #code()}, never its ordinal, so reordering or adding
 * constants cannot change what is on the wire.
 */
enum FrameType {
  /** 32-byte random nonce. */
  CHALLENGE(0),
  /** 32-byte HMAC-SHA256 over (the verifier's nonce, the prover's nonce). */
  RESPONSE(1),
  /** Worker → coordinator: int port where the worker accepts its peers. */
  JOIN(2),
  /** Coordinator → worker: int rank, int world size, then per rank (short length, host UTF-8, int port). */
  WORLD(3),
  /** Worker → worker on a mesh connection it opened: int rank of the opener. */
  PEER(4),
  /**
   * First chunk of a message: short header length, header (int source rank, int total size,
   * byte operation, short group length, group, short kind length, kind, int layer, int step,
   * int index), then payload bytes.
   */
  MESSAGE(5),
  /** Further payload bytes of the message in progress. */
  CONTINUE(6);

  private final int code;

  FrameType(int code) {
    this.code = code;
  }

  /** The type byte on the wire. */
  int code() {
    return code;
  }

  /** The types a peer may send before the token handshake has authenticated it. */
  boolean handshake() {
    return this == CHALLENGE || this == RESPONSE;
  }

  /** The type with this wire code; an unknown code is an {@link IllegalArgumentException}. */
  static FrameType fromCode(int code) {
    for (FrameType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown frame type code " + code);
  }
}
