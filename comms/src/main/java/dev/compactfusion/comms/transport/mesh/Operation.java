package dev.compactfusion.comms.transport.mesh;

/**
 * Which collective a message belongs to, so that equal tags of different collectives never mix.
 * Transports that put it on the wire write the explicit {@link #code()}, never the ordinal.
 */
public enum Operation {
  ALL_GATHER(0),
  ALL_TO_ALL(1),
  BROADCAST(2),
  POINT_TO_POINT(3),
  BARRIER(4);

  private final int code;

  Operation(int code) {
    this.code = code;
  }

  /** The operation byte on the wire. */
  public int code() {
    return code;
  }

  /** The operation with this wire code; an unknown code is an {@link IllegalArgumentException}. */
  public static Operation fromCode(int code) {
    for (Operation o : values()) {
      if (o.code == code) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown operation code " + code);
  }
}
