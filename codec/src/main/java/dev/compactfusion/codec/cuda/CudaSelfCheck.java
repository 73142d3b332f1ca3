package dev.compactfusion.codec.cuda;

import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import dev.compactfusion.codec.Codec;
import dev.compactfusion.codec.CodecKind;
import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.Codecs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * CUDA-vs-CPU agreement for every CUDA codec: the fused residual encode with base update (ef),
 * the plain encode (no base), and the receivers' decode. Packed bits and codes must be identical;
 * fp16 scales within one ulp; bases within 1e-6 relative. Used by the JUnit test and by
 * perf/device-check.sh on GPU machines (main).
 */
public final class CudaSelfCheck {
  private static final int[][] SHAPES = {{64, 96}, {7, 13}, {1024, 3072}};

  public record Result(String name, boolean passed, String detail) {}

  private CudaSelfCheck() {}

  public static List<Result> run(CudaCodecs cuda) {
    List<Result> results = new ArrayList<>();
    long seed = 1;
    for (CodecKind kind : CudaCodecs.SUPPORTED) {
      CodecSpec spec = CodecSpec.of(kind);
      for (int[] shape : SHAPES) {
        for (boolean ef : new boolean[] {true, false}) {
          results.add(check(cuda, spec, shape[0], shape[1], ef, seed++));
        }
      }
    }
    return results;
  }

  private static Result check(CudaCodecs cuda, CodecSpec spec, int n, int c, boolean ef, long seed) {
    String name = spec + " " + n + "x" + c + (ef ? " residual+base update" : " plain encode") + " + decode";
    int size = n * c;
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[size];
    float[] base = new float[size];
    for (int i = 0; i < size; i++) {
      base[i] = (float) r.nextDouble(-2, 2);
      x[i] = base[i] + (float) (r.nextDouble(-0.1, 0.1) * (1 + (i % c) / (double) c));
    }
    // CPU twin: the same arithmetic the residual streams do.
    Codec codec = Codecs.create(spec, n, c);
    float[] delta = new float[size];
    for (int i = 0; i < size; i++) {
      delta[i] = ef ? x[i] - base[i] : x[i];
    }
    byte[] cpuBody = new byte[codec.bodyBytes()];
    codec.encode(delta, cpuBody, 0);
    float[] cpuBase = base.clone();
    codec.decodeAdd(cpuBody, 0, cpuBase);

    CUdeviceptr dx = upload(x);
    CUdeviceptr dBase = upload(base);
    CUdeviceptr dBody = CudaCodecs.alloc(cpuBody.length);
    CUdeviceptr dTarget = upload(base);
    CUdeviceptr dCpuBody = CudaCodecs.alloc(cpuBody.length);
    try {
      cuda.encodeResidual(spec, dx, ef ? dBase : new CUdeviceptr(), dBody, n, c, ef);
      cuMemcpyHtoD(dCpuBody, Pointer.to(cpuBody), cpuBody.length);
      cuda.decodeAdd(spec, dCpuBody, dTarget, n, c);
      cuda.synchronize();
      byte[] gpuBody = new byte[cpuBody.length];
      cuMemcpyDtoH(Pointer.to(gpuBody), dBody, gpuBody.length);
      float[] gpuBase = download(ef ? dBase : null, size);
      float[] gpuDecoded = download(dTarget, size);

      int scaleBytes = kindScaleBytes(spec.kind(), n, c);
      boolean bitsIdentical = Arrays.equals(cpuBody, scaleBytes, cpuBody.length, gpuBody, scaleBytes, gpuBody.length);
      int scaleUlps = maxHalfUlps(cpuBody, gpuBody, scaleBytes);
      double baseDiff = ef ? maxRelativeDiff(cpuBase, gpuBase) : 0;
      double decodeDiff = maxRelativeDiff(cpuBase(codec, cpuBody, base), gpuDecoded);
      boolean identical = Arrays.equals(cpuBody, gpuBody) && baseDiff == 0 && decodeDiff == 0;
      boolean passed = bitsIdentical && scaleUlps <= 1 && baseDiff <= 1e-6 && decodeDiff <= 1e-6;
      String detail = String.format("%s; scales max %d fp16 ulp; base max rel diff %.2e; decode max rel diff %.2e%s",
          bitsIdentical ? "packed bits/codes identical" : "PACKED BITS/CODES DIFFER", scaleUlps, baseDiff, decodeDiff,
          identical ? "; whole payload and base bit-identical" : "");
      return new Result(name, passed, detail);
    } finally {
      for (CUdeviceptr p : new CUdeviceptr[] {dx, dBase, dBody, dTarget, dCpuBody}) {
        cuMemFree(p);
      }
    }
  }

  private static float[] cpuBase(Codec codec, byte[] body, float[] base) {
    float[] t = base.clone();
    codec.decodeAdd(body, 0, t);
    return t;
  }

  static int kindScaleBytes(CodecKind kind, int n, int c) {
    return kind == CodecKind.ONE_BIT || kind == CodecKind.TWO_BIT ? 2 * (n + c) : 4 * c;
  }

  private static int maxHalfUlps(byte[] a, byte[] b, int bytes) {
    int max = 0;
    for (int i = 0; i + 1 < bytes; i += 2) {
      int ha = (a[i] & 0xff) | (a[i + 1] & 0xff) << 8;
      int hb = (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
      max = Math.max(max, Math.abs(ordered(ha) - ordered(hb)));
    }
    return max;
  }

  private static int ordered(int h) {
    return (h & 0x8000) != 0 ? -(h & 0x7fff) : h;
  }

  private static double maxRelativeDiff(float[] a, float[] b) {
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      scale = Math.max(scale, Math.abs(a[i]));
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
    }
    return scale == 0 ? diff : diff / scale;
  }

  static CUdeviceptr upload(float[] a) {
    CUdeviceptr p = CudaCodecs.alloc(4L * a.length);
    cuMemcpyHtoD(p, Pointer.to(a), 4L * a.length);
    return p;
  }

  private static float[] download(CUdeviceptr p, int size) {
    float[] a = new float[size];
    if (p != null) {
      cuMemcpyDtoH(Pointer.to(a), p, 4L * size);
    }
    return a;
  }

  /** Prints one line per check; exit 0 all passed (or skipped: no device), 1 on any failure. */
  public static int run(String... args) {
    CudaAvailability a = CudaCodecs.probe();
    if (!a.available()) {
      System.out.println("SKIP cuda agreement: " + a.reason());
      return 0;
    }
    int failed = 0;
    try (CudaCodecs cuda = CudaCodecs.open()) {
      System.out.println("cuda agreement on " + cuda.deviceName());
      for (Result r : run(cuda)) {
        System.out.println((r.passed() ? "PASS " : "FAIL ") + r.name() + ": " + r.detail());
        failed += r.passed() ? 0 : 1;
      }
    }
    System.out.println(failed == 0 ? "cuda agreement: all passed" : "cuda agreement: " + failed + " FAILED");
    if (failed > 0) {
      return 1;
    }
    return 0;
  }
}
