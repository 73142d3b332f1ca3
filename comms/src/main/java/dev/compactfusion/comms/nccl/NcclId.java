package dev.compactfusion.comms.nccl;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An NCCL unique id (NCCL_UNIQUE_ID_BYTES = 128 opaque bytes) as plain Java data, so that it can
 * be created on rank 0 and travel over the tcp rendezvous without touching native code.
 */
public record NcclId(byte[] bytes) {
  public static final int BYTES = 128;
  static final Tag EXCHANGE_TAG = Tag.of("nccl-id");

  public NcclId {
    if (bytes == null || bytes.length != BYTES) {
      throw new IllegalArgumentException("an NCCL unique id has " + BYTES + " bytes, got "
          + (bytes == null ? "null" : bytes.length));
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Hands rank 0's id to every member of {@code control} (e.g. the tcp group of the same workers);
   * rank 0 passes its id, the others null.
   */
  public static NcclId exchange(Communicator control, NcclId idAtRoot) {
    if (control.rank() == 0 && idAtRoot == null) {
      throw new IllegalArgumentException("rank 0 must pass the id it got from ncclGetUniqueId");
    }
    if (control.rank() != 0 && idAtRoot != null) {
      throw new IllegalArgumentException("only rank 0 creates the NCCL id; rank " + control.rank() + " passed one");
    }
    ByteBuffer data = idAtRoot == null ? null : ByteBuffer.wrap(idAtRoot.bytes);
    ByteBuffer got = control.broadcastAsync(EXCHANGE_TAG, data, 0).join();
    if (got.remaining() != BYTES) {
      throw new IllegalStateException("rank 0 sent an NCCL id of " + got.remaining() + " bytes, expected " + BYTES);
    }
    byte[] out = new byte[BYTES];
    got.duplicate().get(out);
    return new NcclId(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NcclId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "NcclId[" + BYTES + " bytes]";
  }
}
