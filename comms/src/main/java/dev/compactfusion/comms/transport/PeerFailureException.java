package dev.compactfusion.comms.transport;

/** A peer died, stalled past the timeout, or sent something invalid; names the peer and the operation. */
public final class PeerFailureException extends RuntimeException {
  private final int peerRank;

  public PeerFailureException(int peerRank, String operation, String problem, Throwable cause) {
    super("worker " + peerRank + " failed during " + operation + ": " + problem, cause);
    this.peerRank = peerRank;
  }

  public int peerRank() {
    return peerRank;
  }
}
