package dev.compactfusion.perf.sim.method;

import dev.compactfusion.perf.sim.CodecCost;
import dev.compactfusion.perf.sim.Presets;
import java.util.ArrayList;
import java.util.List;

/**
 * Methods by name: {@code serial}, {@code patch}, {@code distrifusion}, {@code ulysses},
 * {@code ring}, {@code usp} (Ulysses degree 2) or {@code usp:U}, {@code pipefusion}, and
 * {@code compact-<codec>} for every codec in {@link Presets#codecs()}.
 */
public final class Methods {
  /** The methods with published FLUX latencies (ANCHORS.md), in the order of that table. */
  public static final List<String> PUBLISHED =
      List.of("serial", "ring", "ulysses", "patch", "distrifusion", "pipefusion", "compact-1bit", "compact-2bit");

  /** What {@code bench --simulate} models when no {@code --methods} is given. */
  public static final List<String> DEFAULT = List.of(
      "serial", "ring", "ulysses", "usp", "patch", "distrifusion", "pipefusion",
      "compact-1bit", "compact-2bit", "compact-lowrank12");

  private Methods() {}

  public static Method byName(String name) {
    String key = name.strip().toLowerCase(java.util.Locale.ROOT);
    switch (key) {
      case "serial": return new Serial();
      case "patch": return new Patch();
      case "distrifusion": return new DistriFusion();
      case "ulysses": return new SequenceParallel("ulysses", 0);
      case "ring": return new SequenceParallel("ring", 1);
      case "usp": return new SequenceParallel("usp", 2);
      case "pipefusion": return new PipeFusion();
      default: break;
    }
    if (key.startsWith("usp:")) {
      int degree = parseDegree(key.substring(4), name);
      return new SequenceParallel(key, degree);
    }
    if (key.startsWith("compact-")) {
      CodecCost codec = Presets.codecs().get(key.substring("compact-".length()));
      if (codec != null) {
        return compact(codec);
      }
    }
    throw new IllegalArgumentException("unknown method '" + name + "'; choose from " + known());
  }

  /** Compressed patch parallelism with any codec, including ones not among the presets. */
  public static Method compact(CodecCost codec) {
    return new Compact(codec);
  }

  public static List<Method> byNames(List<String> names) {
    List<Method> methods = new ArrayList<>();
    for (String n : names) {
      methods.add(byName(n));
    }
    return methods;
  }

  static String known() {
    List<String> names = new ArrayList<>(List.of(
        "serial", "patch", "distrifusion", "ulysses", "ring", "usp", "usp:U", "pipefusion"));
    for (String codec : Presets.codecs().keySet()) {
      names.add("compact-" + codec);
    }
    return String.join(", ", names);
  }

  private static int parseDegree(String text, String name) {
    try {
      int degree = Integer.parseInt(text);
      if (degree >= 1) {
        return degree;
      }
    } catch (NumberFormatException e) {
      // fall through to the usage message
    }
    throw new IllegalArgumentException("method '" + name + "' needs a positive Ulysses degree, e.g. usp:2");
  }
}
