package dev.compactfusion.comms.nccl;

/** A range of device memory: its address (e.g. from cudaMalloc or a tensor's data pointer) and size. */
public record DeviceBuffer(long address, long bytes) {
  public DeviceBuffer {
    if (address == 0 && bytes > 0) {
      throw new IllegalArgumentException("device buffer of " + bytes + " bytes has a null address");
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("device buffer size must not be negative, got " + bytes);
    }
  }
}
