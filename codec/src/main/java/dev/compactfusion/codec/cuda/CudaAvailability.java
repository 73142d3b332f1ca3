package dev.compactfusion.codec.cuda;

/** Whether the CUDA codec kernels can run here, and if not, why (shown when GPU checks skip). */
public record CudaAvailability(boolean available, String reason) {
  public CudaAvailability {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("availability needs a reason or device description");
    }
  }
}
