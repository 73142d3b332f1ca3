package dev.compactfusion.perf.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Published FLUX.1-dev 1024², 28-step, 4-GPU latencies in seconds per image (CompactFusion's
 * latency CSVs, listed with their sources in docs/anchors.md), keyed by our method names.
 */
public final class Anchors {
  private Anchors() {}

  public static final String WORKLOAD = "flux-1024";
  public static final int WORKERS = 4;

  /** Published rows for a hardware preset, empty where nothing was published. */
  public static Map<String, Double> published(String hardware) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (hardware.equals("l20-pcie")) {
      m.put("serial", 20.26);
      m.put("ring", 7.54);
      m.put("ulysses", 6.70);
      m.put("patch", 6.83);
      m.put("distrifusion", 6.86);
      m.put("pipefusion", 9.07);
      m.put("compact:1bit", 6.86);
      m.put("compact:2bit", 6.70);
    } else if (hardware.equals("h20-nvlink")) {
      m.put("serial", 23.16);
      m.put("ring", 10.89);
      m.put("ulysses", 9.13);
      m.put("patch", 10.90);
      m.put("distrifusion", 8.05);
      m.put("pipefusion", 9.49);
      m.put("compact:1bit", 7.46);
      m.put("compact:2bit", 7.57);
    }
    return Collections.unmodifiableMap(m);
  }
}
