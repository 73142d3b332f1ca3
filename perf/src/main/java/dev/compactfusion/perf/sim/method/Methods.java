package dev.compactfusion.perf.sim.method;

import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.perf.sim.CodecCost;
import dev.compactfusion.perf.sim.Presets;
import java.util.ArrayList;
import java.util.List;

/**
 * Methods by name, spelled as the bench spells them (the runtime's strategy names,
 * {@code STRATEGY:CODEC}): {@code serial}, {@code patch}, {@code distrifusion}, {@code ulysses},
 * {@code ring}, {@code usp} (Ulysses degree 2) or {@code usp:U}, {@code pipefusion} (modelled
 * only: the runtime has no pipeline strategy), and {@code compact:CODEC} (also read as
 * {@code patch:CODEC}) for every codec in {@link Presets#codecs()}.
 */
public final class Methods {
  /** The methods with published FLUX latencies (docs/anchors.md), in the order of that table. */
  public static final List<String> PUBLISHED =
      List.of("serial", "ring", "ulysses", "patch", "distrifusion", "pipefusion", "compact:1bit", "compact:2bit");

  /** What {@code bench simulate} models when no {@code --methods} is given. */
  public static final List<String> DEFAULT = List.of(
      "serial", "ring", "ulysses", "usp", "patch", "distrifusion", "pipefusion",
      "compact:1bit", "compact:2bit", "compact:lowrank:12");

  /** {@code compact:CODEC}, the patch all-gather with a codec ({@link Strategy#COMPACT}). */
  static final String COMPACT_PREFIX = Strategy.COMPACT + ":";

  private static final String PATCH_PREFIX = Strategy.PATCH.cliName() + ":";
  private static final String USP_PREFIX = Strategy.USP.cliName() + ":";

  private Methods() {}

  public static Method byName(String name) {
    String key = name.strip().toLowerCase(java.util.Locale.ROOT);
    if (key.equals(PipeFusion.NAME)) {
      return new PipeFusion();
    }
    if (key.startsWith(USP_PREFIX)) {
      return new SequenceParallel(key, parseDegree(key.substring(USP_PREFIX.length()), name));
    }
    String codecName = key.startsWith(COMPACT_PREFIX) ? key.substring(COMPACT_PREFIX.length())
        : key.startsWith(PATCH_PREFIX) ? key.substring(PATCH_PREFIX.length()) : null;
    if (codecName != null) {
      CodecCost codec = Presets.codecs().get(codecName);
      if (codec != null) {
        return compact(codec);
      }
      throw new IllegalArgumentException("unknown method '" + name + "'; choose from " + known());
    }
    Strategy strategy;
    try {
      strategy = Strategy.parse(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown method '" + name + "'; choose from " + known());
    }
    switch (strategy) {
      case SERIAL: return new Serial();
      case PATCH: return new Patch();
      case DISTRIFUSION: return new DistriFusion();
      case ULYSSES: return new SequenceParallel(strategy.cliName(), 0);
      case RING: return new SequenceParallel(strategy.cliName(), 1);
      case USP: return new SequenceParallel(strategy.cliName(), 2);
      default: break;
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
        Strategy.SERIAL.cliName(), Strategy.PATCH.cliName(), Strategy.DISTRIFUSION.cliName(),
        Strategy.ULYSSES.cliName(), Strategy.RING.cliName(), Strategy.USP.cliName(), USP_PREFIX + "U",
        PipeFusion.NAME));
    for (String codec : Presets.codecs().keySet()) {
      names.add(COMPACT_PREFIX + codec);
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
