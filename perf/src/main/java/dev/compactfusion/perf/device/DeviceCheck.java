package dev.compactfusion.perf.device;

import dev.compactfusion.codec.cuda.CudaSelfCheck;
import dev.compactfusion.perf.codec.CudaKernelBench;

/**
 * Process entry of {@code perf/device-check.sh}. The jlink'd pack it runs on carries only the
 * codec and perf jars and JCuda (no CLI, DJL or Netty, to stay under what can be shipped to a GPU
 * machine), so the CLI's {@code tools cuda-self-check} and {@code tools cuda-kernel-bench} cannot
 * run there; this calls the same two checks. {@code DeviceCheck agreement|throughput}; exit code as
 * the check returns it, 2 on a bad argument.
 */
public final class DeviceCheck {
  private DeviceCheck() {}

  public static void main(String[] args) {
    String which = args.length == 1 ? args[0] : "";
    int code = switch (which) {
      case "agreement" -> CudaSelfCheck.run();
      case "throughput" -> CudaKernelBench.run();
      default -> {
        System.err.println("usage: DeviceCheck agreement|throughput");
        yield 2;
      }
    };
    System.exit(code);
  }
}
