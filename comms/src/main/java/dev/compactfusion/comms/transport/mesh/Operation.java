package dev.compactfusion.comms.transport.mesh;

/** Which collective a message belongs to, so that equal tags of different collectives never mix. */
public enum Operation {
  ALL_GATHER,
  ALL_TO_ALL,
  BROADCAST,
  POINT_TO_POINT,
  BARRIER;

  private static final Operation[] VALUES = values();

  public static Operation fromCode(int code) {
    if (code < 0 || code >= VALUES.length) {
      throw new IllegalArgumentException("unknown operation code " + code);
    }
    return VALUES[code];
  }
}
