package dev.compactfusion.perf.codec;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import dev.compactfusion.codec.CodecKind;
import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.Codecs;
import dev.compactfusion.codec.cuda.CudaAvailability;
import dev.compactfusion.codec.cuda.CudaCodecs;
import java.util.Locale;
import java.util.SplittableRandom;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;

/**
 * Throughput of the fused CUDA residual encoders (delta, scales, pack, base update) against a
 * plain device copy measured in the same run. "Moved" counts the bytes a fused step must touch at
 * least: read x and base, write base and the payload (12 N C + payload bytes); the copy moves
 * 2 x its size. Prints SKIP and exits 0 when there is no CUDA device.
 */
public final class CudaKernelBench {
  private static final int[][] SIZES = {{1024, 3072}, {4096, 3072}};
  private static final int REPEATS = 50;

  private CudaKernelBench() {}

  public static int run(String... args) {
    CudaAvailability a = CudaCodecs.probe();
    if (!a.available()) {
      System.out.println("SKIP cuda throughput: " + a.reason());
      return 0;
    }
    try (CudaCodecs cuda = CudaCodecs.open()) {
      System.out.println("cuda throughput on " + cuda.deviceName() + " (" + REPEATS + " calls each, CUDA events)");
      System.out.println("| N x C | kernel | ms/call | GB/s moved | copy GB/s | ratio to copy |");
      System.out.println("|---|---|---:|---:|---:|---:|");
      for (int[] s : SIZES) {
        bench(cuda, s[0], s[1]);
      }
    }
    return 0;
  }

  private static void bench(CudaCodecs cuda, int n, int c) {
    long size = (long) n * c;
    CUdeviceptr x = alloc(4 * size);
    CUdeviceptr base = alloc(4 * size);
    CUdeviceptr body = alloc(4 * size);
    CUdeviceptr copyDst = alloc(4 * size);
    try {
      float[] host = new float[(int) size];
      SplittableRandom r = new SplittableRandom(3);
      for (int i = 0; i < host.length; i++) {
        host[i] = (float) r.nextDouble(-1, 1);
      }
      cuMemcpyHtoD(x, Pointer.to(host), 4 * size);
      cuMemcpyHtoD(base, Pointer.to(host), 4 * size);
      double copyMs = time(cuda, () -> cuda.copy(x, copyDst, 4 * size));
      double copyGbps = 2 * 4 * size / (copyMs * 1e6);
      System.out.println(String.format(Locale.ROOT, "| %dx%d | device copy | %.3f | %.1f | %.1f | 1.000 |", n, c, copyMs, copyGbps, copyGbps));
      for (CodecKind kind : CudaCodecs.SUPPORTED) {
        CodecSpec spec = CodecSpec.of(kind);
        double ms = time(cuda, () -> cuda.encodeResidual(spec, x, base, body, n, c, true));
        double moved = 12.0 * size + Codecs.bodyBytes(spec, n, c);
        double gbps = moved / (ms * 1e6);
        System.out.println(String.format(Locale.ROOT, "| %dx%d | %s residual+pack+base update | %.3f | %.1f | %.1f | %.3f |",
            n, c, spec, ms, gbps, copyGbps, gbps / copyGbps));
        double decMs = time(cuda, () -> cuda.decodeAdd(spec, body, base, n, c));
        double decMoved = 8.0 * size + Codecs.bodyBytes(spec, n, c);
        double decGbps = decMoved / (decMs * 1e6);
        System.out.println(String.format(Locale.ROOT, "| %dx%d | %s decode-add | %.3f | %.1f | %.1f | %.3f |",
            n, c, spec, decMs, decGbps, copyGbps, decGbps / copyGbps));
      }
    } finally {
      for (CUdeviceptr p : new CUdeviceptr[] {x, base, body, copyDst}) {
        cuMemFree(p);
      }
    }
  }

  private static double time(CudaCodecs cuda, Runnable op) {
    for (int i = 0; i < 3; i++) {
      op.run();
    }
    cuda.synchronize();
    CUevent start = new CUevent();
    CUevent stop = new CUevent();
    cuEventCreate(start, 0);
    cuEventCreate(stop, 0);
    cuEventRecord(start, null);
    for (int i = 0; i < REPEATS; i++) {
      op.run();
    }
    cuEventRecord(stop, null);
    cuEventSynchronize(stop);
    float[] ms = {0};
    cuEventElapsedTime(ms, start, stop);
    cuEventDestroy(start);
    cuEventDestroy(stop);
    return ms[0] / REPEATS;
  }

  private static CUdeviceptr alloc(long bytes) {
    CUdeviceptr p = new CUdeviceptr();
    cuMemAlloc(p, bytes);
    return p;
  }
}
