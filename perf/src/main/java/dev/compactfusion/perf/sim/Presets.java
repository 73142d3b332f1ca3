package dev.compactfusion.perf.sim;

import dev.compactfusion.perf.sim.LinkSpec.Topology;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named models, GPUs, links, machines and codecs. Sources: model shapes from the published model
 * configs; GPU peaks and link rates from vendor datasheets; codec ratios from docs/anchors.md. Every
 * efficiency below that is not fitted is an assumption and says so.
 */
public final class Presets {
  private Presets() {}

  /**
   * FLUX.1-dev: 19 double-stream + 38 single-stream blocks, d 3072, 24 heads; 1024² → 128² latent,
   * 2×2 patches → 4096 image tokens + 512 T5 tokens; ~12 B parameters; guidance-distilled, so one
   * sample per step. CogVideoX-2b at 480×720×49: latent 60×90 × 13 frames (4× temporal), 2×2
   * patches → 17,550 video tokens + 226 text tokens, 30 blocks, d 1920, 30 heads, CFG batch 2, 50
   * steps, warmup 2 (as published). PixArt-α 1024²: 4096 tokens, 28 blocks with cross-attention,
   * d 1152, 16 heads, 0.6 B parameters, CFG batch 2, 20 DPM-Solver steps, warmup 1.
   */
  public static Map<String, Workload> workloads() {
    Map<String, Workload> m = new LinkedHashMap<>();
    m.put("flux-1024", new Workload("flux-1024",
        new ModelShape("FLUX.1-dev", 57, 3072, 24, 4096 + 512, 4, false, 12e9), 28, 1, 1));
    m.put("cogvideox-2b", new Workload("cogvideox-2b",
        new ModelShape("CogVideoX-2b", 30, 1920, 30, 17_550 + 226, 4, false, 1.7e9), 50, 2, 2));
    m.put("pixart-1024", new Workload("pixart-1024",
        new ModelShape("PixArt-alpha", 28, 1152, 16, 4096, 4, true, 0.6e9), 20, 1, 2));
    return Collections.unmodifiableMap(m);
  }

  /** Dense FP16/BF16 tensor peaks (no sparsity) and memory bandwidth from NVIDIA datasheets. */
  public static Map<String, GpuSpec> gpus() {
    Map<String, GpuSpec> m = new LinkedHashMap<>();
    m.put("l20", new GpuSpec("L20", 119.5, 864));
    m.put("h20", new GpuSpec("H20", 148, 4000));
    m.put("h100", new GpuSpec("H100-SXM", 989, 3350));
    return Collections.unmodifiableMap(m);
  }

  /**
   * Links, with their line rates per direction. pcie-l20: PCIe 4.0 ×16 is 32 GB/s per direction;
   * 25 GB/s is a typical achieved rate, and the calibration replaces it with the fitted effective
   * value (bounded by the 32). NVLink on H20 and H100: 900 GB/s
   * both directions = 450 per direction; assumed 80% of that achieved (360 GB/s), the usual
   * large-message bus bandwidth of nccl-tests (an assumption, not measured here). Ethernet: line
   * rate × 0.94 TCP goodput, one medium shared by all ranks (the published emulation). Latencies
   * are assumptions: 10 µs per NCCL step over PCIe, 5 µs over NVLink, 50 µs per TCP message.
   */
  public static Map<String, LinkSpec> links() {
    Map<String, LinkSpec> m = new LinkedHashMap<>();
    m.put("pcie-l20", new LinkSpec("pcie-l20", 25, 10, Topology.PER_PORT, 32));
    m.put("nvlink-h20", new LinkSpec("nvlink-h20", 360, 5, Topology.PER_PORT, 450));
    m.put("nvlink-h100", new LinkSpec("nvlink-h100", 360, 5, Topology.PER_PORT, 450));
    m.put("eth-1g", new LinkSpec("eth-1g", 0.125 * 0.94, 50, Topology.SHARED, 0.125));
    m.put("eth-10g", new LinkSpec("eth-10g", 1.25 * 0.94, 50, Topology.SHARED, 1.25));
    m.put("eth-25g", new LinkSpec("eth-25g", 3.125 * 0.94, 50, Topology.SHARED, 3.125));
    for (int mbytes : HTB_MBYTES) {
      m.put("htb-" + mbytes, new LinkSpec("htb-" + mbytes, mbytes / 1000.0, 50, Topology.SHARED));
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * The published slow-network setting: NCCL over loopback sockets, all four ranks behind one
   * link limited by HTB to this many MB/s. HTB counts the bytes it passes, so the payload gets the
   * whole rate (loopback's 64 KiB frames make header bytes negligible).
   */
  static final int[] HTB_MBYTES = {500, 1000, 1500, 2000};

  /** Machines: the published two, an H100 NVLink box, L20s on Ethernet of three rates and behind the HTB-limited link. */
  public static Map<String, Hardware> hardware() {
    Map<String, GpuSpec> g = gpus();
    Map<String, LinkSpec> l = links();
    Map<String, Hardware> m = new LinkedHashMap<>();
    m.put("l20-pcie", new Hardware("l20-pcie", g.get("l20"), l.get("pcie-l20")));
    m.put("h20-nvlink", new Hardware("h20-nvlink", g.get("h20"), l.get("nvlink-h20")));
    m.put("h100-nvlink", new Hardware("h100-nvlink", g.get("h100"), l.get("nvlink-h100")));
    m.put("l20-eth1g", new Hardware("l20-eth1g", g.get("l20"), l.get("eth-1g")));
    m.put("l20-eth10g", new Hardware("l20-eth10g", g.get("l20"), l.get("eth-10g")));
    m.put("l20-eth25g", new Hardware("l20-eth25g", g.get("l20"), l.get("eth-25g")));
    for (int mbytes : HTB_MBYTES) {
      m.put("l20-htb" + mbytes, new Hardware("l20-htb" + mbytes, g.get("l20"), l.get("htb-" + mbytes)));
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * Codecs: ratios from docs/anchors.md (FLUX 1024², 1024 tokens per rank, C 3072). Memory passes
   * (fp16-sized reads + writes per tensor) and tensor ops per call are read off the published
   * implementation as configured for its FLUX latency runs (Cobalt-27/CompactFusion,
   * {@code examples/configs.py} at the commit of {@code latency_pcie.csv}), where the 1-bit codec
   * runs its unfused path and the 2-bit codec its fused one:
   * <ul>
   *   <li>1bit, unfused: encode = residual (3 passes), |residual| (2), channel mean (1), sign-pack
   *       kernel (1), then the sender's own base update through the decoder: scale matrix U·V (1),
   *       unpack kernel (2), base + decoded (3): 13 passes, 9 ops; decode = scale matrix, unpack,
   *       base add: 6 passes, 3 ops.
   *   <li>2bit, fused: encode = residual (3), widened to fp32 (3), |·| in fp32 (4), two means over
   *       fp32 (4), fused quantise-and-update kernel (3): 17 passes, 10 ops (with the scale
   *       normalisation and casts); decode = one fused kernel reading and writing the base (2
   *       passes) after a scale transpose: 2 ops.
   *   <li>low-rank, unfused: encode = residual (3), two subspace iterations of two matmul passes
   *       each (4), base update U·V + add (4): 11 passes, 12 ops; decode = U·V + add: 4 passes, 2 ops.
   * </ul>
   */
  public static Map<String, CodecCost> codecs() {
    Map<String, CodecCost> m = new LinkedHashMap<>();
    m.put("1bit", new CodecCost("1bit", 15.7, 13, 6, 9, 3));
    m.put("2bit", new CodecCost("2bit", 7.9, 17, 2, 10, 2));
    m.put("lowrank:12", new CodecCost("lowrank:12", 64, 11, 4, 12, 2));
    m.put("lowrank:8", new CodecCost("lowrank:8", 96, 11, 4, 12, 2));
    return Collections.unmodifiableMap(m);
  }

  /** Looks a preset up by name, failing with the list of names to choose from. */
  public static <T> T named(Map<String, T> presets, String kind, String name) {
    T found = presets.get(name);
    if (found == null) {
      throw new IllegalArgumentException(
          "unknown " + kind + " preset '" + name + "'; choose from " + String.join(", ", presets.keySet()));
    }
    return found;
  }
}
