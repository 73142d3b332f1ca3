package dev.compactfusion.comms.tcp;

/**
 * Frame layout: {@code int length} (bytes after this field), {@code byte type}, then the body.
 * Only CHALLENGE and RESPONSE are accepted before the peer has proven it knows the token.
 */
enum FrameType {
  /** 32-byte random nonce. */
  CHALLENGE,
  /** 32-byte HMAC-SHA256 over (the verifier's nonce, the prover's nonce). */
  RESPONSE,
  /** Worker → coordinator: int port where the worker accepts its peers. */
  JOIN,
  /** Coordinator → worker: int rank, int world size, then per rank (short length, host UTF-8, int port). */
  WORLD,
  /** Worker → worker on a mesh connection it opened: int rank of the opener. */
  PEER,
  /**
   * First chunk of a message: short header length, header (int source rank, int total size,
   * byte operation, short group length, group, short kind length, kind, int layer, int step,
   * int index), then payload bytes.
   */
  MESSAGE,
  /** Further payload bytes of the message in progress. */
  CONTINUE;

  private static final FrameType[] VALUES = values();

  static FrameType fromCode(int code) {
    return code >= 0 && code < VALUES.length ? VALUES[code] : null;
  }
}
