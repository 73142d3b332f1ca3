package dev.compactfusion.codec.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import dev.compactfusion.codec.CodecKind;
import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.Codecs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The CUDA twins of the 1bit, 2bit, int8 and int4 codecs, on device pointers. Payload bodies on
 * the device have exactly the CPU layout (see SignCodec, MinMaxCodec) and are bit-identical to
 * what the Java codecs produce from the same input. Not thread-safe: one instance per thread.
 */
public final class CudaCodecs implements AutoCloseable {
  public static final String PTX_RESOURCE = "/dev/compactfusion/codec/cuda/codecs.ptx";
  public static final Set<CodecKind> SUPPORTED = EnumSet.of(CodecKind.ONE_BIT, CodecKind.TWO_BIT, CodecKind.INT8, CodecKind.INT4);
  private static final int BLOCK = 256;
  private static CudaAvailability availability;

  private final CUdevice device = new CUdevice();
  private final CUcontext context = new CUcontext();
  private final CUmodule module = new CUmodule();
  private final String deviceName;
  private final CUfunction residualRowSum;
  private final CUfunction colSum;
  private final CUfunction scales;
  private final CUfunction packSign;
  private final CUfunction unpackSignAdd;
  private final CUfunction residualMinMax;
  private final CUfunction quantPack;
  private final CUfunction dequantAdd;
  private final CUfunction copy;
  private CUdeviceptr delta;
  private CUdeviceptr rowSums;
  private CUdeviceptr colSums;
  private long scratchElements = -1;
  private int scratchTokens = -1;
  private int scratchChannels = -1;

  private CudaCodecs(byte[] ptx) {
    cuDeviceGet(device, 0);
    cuDevicePrimaryCtxRetain(context, device);
    cuCtxSetCurrent(context);
    cuModuleLoadData(module, ptx);
    byte[] name = new byte[256];
    cuDeviceGetName(name, name.length, device);
    int len = 0;
    while (len < name.length && name[len] != 0) {
      len++;
    }
    deviceName = new String(name, 0, len, StandardCharsets.US_ASCII);
    residualRowSum = function("cf_residual_rowsum");
    colSum = function("cf_colsum");
    scales = function("cf_scales");
    packSign = function("cf_pack_sign");
    unpackSignAdd = function("cf_unpack_sign_add");
    residualMinMax = function("cf_residual_minmax");
    quantPack = function("cf_quant_pack");
    dequantAdd = function("cf_dequant_add");
    copy = function("cf_copy");
  }

  /** Checks once, without throwing, whether kernels can run: PTX built, driver loadable, a device present. */
  public static synchronized CudaAvailability probe() {
    if (availability == null) {
      availability = detect();
    }
    return availability;
  }

  private static CudaAvailability detect() {
    if (CudaCodecs.class.getResource(PTX_RESOURCE) == null) {
      return new CudaAvailability(false, "no CUDA kernels: PTX not built (nvcc was absent when comms was compiled)");
    }
    try {
      JCudaDriver.setExceptionsEnabled(true);
      cuInit(0);
      int[] count = {0};
      cuDeviceGetCount(count);
      if (count[0] == 0) {
        return new CudaAvailability(false, "no CUDA device (driver loaded, 0 devices)");
      }
      return new CudaAvailability(true, count[0] + " CUDA device(s)");
    } catch (Throwable e) {
      // UnsatisfiedLinkError when libcuda.so.1 is absent, CudaException when the driver finds no device.
      String msg = String.valueOf(e.getMessage());
      String why = msg.contains("libcuda.so") ? "libcuda.so.1 not found: no NVIDIA driver on this machine"
          : e.getClass().getSimpleName() + ": " + msg.lines().findFirst().orElse("");
      return new CudaAvailability(false, "no CUDA device (" + why + ")");
    }
  }

  /** @throws IllegalStateException with the probe's reason when CUDA is not available */
  public static CudaCodecs open() {
    CudaAvailability a = probe();
    if (!a.available()) {
      throw new IllegalStateException(a.reason());
    }
    try (InputStream in = CudaCodecs.class.getResourceAsStream(PTX_RESOURCE)) {
      byte[] text = in.readAllBytes();
      return new CudaCodecs(Arrays.copyOf(text, text.length + 1));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + PTX_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  public String deviceName() {
    return deviceName;
  }

  /**
   * One compressed step on the device: delta = x - base, body = C(delta); when {@code updateBase}
   * (mode ef) base := base + D(body) in the same kernels. {@code body} must hold
   * {@link Codecs#bodyBytes} bytes. Asynchronous on the null stream; call {@link #synchronize()}.
   */
  public void encodeResidual(CodecSpec spec, CUdeviceptr x, CUdeviceptr base, CUdeviceptr body, int n, int c, boolean updateBase) {
    requireSupported(spec);
    ensureScratch(n, c);
    long size = (long) n * c;
    CUdeviceptr nullPtr = new CUdeviceptr();
    CUdeviceptr baseOut = updateBase ? base : nullPtr;
    switch (spec.kind()) {
      case ONE_BIT, TWO_BIT -> {
        int twoBit = spec.kind() == CodecKind.TWO_BIT ? 1 : 0;
        CUdeviceptr tok = body;
        CUdeviceptr chan = body.withByteOffset(2L * n);
        CUdeviceptr sign = body.withByteOffset(2L * (n + c));
        CUdeviceptr mag = sign.withByteOffset((size + 7) / 8);
        launch(residualRowSum, n, BLOCK, x, base, delta, rowSums, n, c);
        launch(colSum, blocks(c), BLOCK, delta, colSums, n, c);
        launch(scales, 1, BLOCK, rowSums, colSums, tok, chan, n, c);
        launch(packSign, blocks((size + 7) / 8), BLOCK, delta, tok, chan, sign, mag, baseOut, n, c, twoBit);
      }
      case INT8, INT4 -> {
        int int4 = spec.kind() == CodecKind.INT4 ? 1 : 0;
        CUdeviceptr lo = body;
        CUdeviceptr step = body.withByteOffset(2L * c);
        CUdeviceptr codes = body.withByteOffset(4L * c);
        launch(residualMinMax, blocks(c), BLOCK, x, base, delta, lo, step, n, c, int4 == 1 ? 15 : 255);
        launch(quantPack, blocks(int4 == 1 ? (size + 1) / 2 : size), BLOCK, delta, lo, step, codes, baseOut, n, c, int4);
      }
      default -> throw new IllegalStateException("unreachable: " + spec);
    }
  }

  /** target += D(body) on the device (a receiver's base update). */
  public void decodeAdd(CodecSpec spec, CUdeviceptr body, CUdeviceptr target, int n, int c) {
    requireSupported(spec);
    cuCtxSetCurrent(context);
    long size = (long) n * c;
    switch (spec.kind()) {
      case ONE_BIT, TWO_BIT -> {
        CUdeviceptr sign = body.withByteOffset(2L * (n + c));
        launch(unpackSignAdd, blocks(size), BLOCK, sign, sign.withByteOffset((size + 7) / 8), body,
            body.withByteOffset(2L * n), target, n, c, spec.kind() == CodecKind.TWO_BIT ? 1 : 0);
      }
      case INT8, INT4 -> launch(dequantAdd, blocks(size), BLOCK, body.withByteOffset(4L * c), body,
          body.withByteOffset(2L * c), target, n, c, spec.kind() == CodecKind.INT4 ? 1 : 0);
      default -> throw new IllegalStateException("unreachable: " + spec);
    }
  }

  /**
   * Plain device copy by a kernel (16-byte loads/stores), the bandwidth reference the throughput
   * benchmark compares against. {@code bytes} must be a multiple of 16, pointers 16-byte aligned.
   */
  public void copy(CUdeviceptr src, CUdeviceptr dst, long bytes) {
    if (bytes % 16 != 0) {
      throw new IllegalArgumentException("copy size must be a multiple of 16 bytes, got " + bytes);
    }
    cuCtxSetCurrent(context);
    launch(copy, blocks(bytes / 16), BLOCK, src, dst, bytes / 16);
  }

  public void synchronize() {
    cuCtxSetCurrent(context);
    cuCtxSynchronize();
  }

  private static void requireSupported(CodecSpec spec) {
    if (!SUPPORTED.contains(spec.kind())) {
      throw new IllegalArgumentException("no CUDA kernel for codec " + spec + "; CUDA codecs: 1bit, 2bit, int8, int4");
    }
  }

  private void ensureScratch(int n, int c) {
    cuCtxSetCurrent(context);
    long size = (long) n * c;
    if (size != scratchElements || n != scratchTokens || c != scratchChannels) {
      freeScratch();
      delta = alloc(4 * size);
      rowSums = alloc(4L * n);
      colSums = alloc(4L * c);
      scratchElements = size;
      scratchTokens = n;
      scratchChannels = c;
    }
  }

  static CUdeviceptr alloc(long bytes) {
    CUdeviceptr p = new CUdeviceptr();
    cuMemAlloc(p, bytes);
    return p;
  }

  private void freeScratch() {
    for (CUdeviceptr p : new CUdeviceptr[] {delta, rowSums, colSums}) {
      if (p != null) {
        cuMemFree(p);
      }
    }
    delta = null;
    rowSums = null;
    colSums = null;
  }

  static int blocks(long threads) {
    return (int) ((threads + BLOCK - 1) / BLOCK);
  }

  /** Launches with int arguments passed as ints, long as long, pointers as device pointers. */
  void launch(CUfunction f, int grid, int block, Object... args) {
    Pointer[] params = new Pointer[args.length];
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof CUdeviceptr p) {
        params[i] = Pointer.to(p);
      } else if (a instanceof Integer v) {
        params[i] = Pointer.to(new int[] {v});
      } else if (a instanceof Long v) {
        params[i] = Pointer.to(new long[] {v});
      } else {
        throw new IllegalArgumentException("kernel argument of type " + a.getClass());
      }
    }
    cuLaunchKernel(f, Math.max(1, grid), 1, 1, block, 1, 1, 0, null, Pointer.to(params), null);
  }

  private CUfunction function(String name) {
    CUfunction f = new CUfunction();
    cuModuleGetFunction(f, module, name);
    return f;
  }

  @Override
  public void close() {
    cuCtxSetCurrent(context);
    freeScratch();
    cuModuleUnload(module);
    cuDevicePrimaryCtxRelease(device);
  }
}
