package dev.compactfusion.comms.nccl;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nccl;
import org.bytedeco.javacpp.Loader;

/** Whether NCCL can run in this process, and if not, why (for skipped tests and clear errors). */
public record NcclAvailability(boolean available, String reason) {

  public static NcclAvailability probe() {
    try {
      Loader.load(cudart.class);
      Loader.load(nccl.class);
    } catch (Throwable e) {
      return new NcclAvailability(false, "the JavaCPP CUDA/NCCL natives do not load (needs the "
          + "org.bytedeco:cuda linux-x86_64 jar, libcudart.so.13 and libnccl.so.2): " + e);
    }
    int[] count = new int[1];
    int err = cudart.cudaGetDeviceCount(count);
    if (err != cudart.cudaSuccess || count[0] == 0) {
      return new NcclAvailability(false, "no CUDA device (cudaGetDeviceCount error " + err + ", count " + count[0] + ")");
    }
    return new NcclAvailability(true, count[0] + " CUDA device(s)");
  }
}
