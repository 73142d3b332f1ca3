package dev.compactfusion.comms.nccl;

/** Argument checks of the NCCL device API, done on the caller's thread before anything is queued. */
final class NcclChecks {
  private NcclChecks() {}

  static void peer(int worldSize, int peer, String what) {
    if (peer < 0 || peer >= worldSize) {
      throw new IllegalArgumentException(what + " " + peer + " is outside the group of " + worldSize + " members");
    }
  }

  static void allGather(int worldSize, DeviceBuffer send, DeviceBuffer receive) {
    if (send == null || receive == null) {
      throw new IllegalArgumentException("all-gather needs a send and a receive buffer");
    }
    if (receive.bytes() != send.bytes() * worldSize) {
      throw new IllegalArgumentException("all-gather receive buffer must hold " + worldSize + " × " + send.bytes()
          + " bytes, has " + receive.bytes());
    }
  }

  static void allToAll(int worldSize, DeviceBuffer[] send, DeviceBuffer[] receive) {
    if (send == null || receive == null || send.length != worldSize || receive.length != worldSize) {
      throw new IllegalArgumentException("all-to-all needs " + worldSize + " send and " + worldSize
          + " receive buffers, got " + (send == null ? "null" : send.length) + " and "
          + (receive == null ? "null" : receive.length));
    }
    for (int r = 0; r < worldSize; r++) {
      if (send[r] == null || receive[r] == null) {
        throw new IllegalArgumentException("all-to-all buffer for rank " + r + " is null");
      }
    }
  }
}
