package dev.compactfusion.models.dit;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.prompt.Attribute;
import dev.compactfusion.models.safetensors.SafetensorsFile;
import dev.compactfusion.models.safetensors.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names and shapes of every DiT parameter for a config, in file order. Linear weights are
 * [out, in] (x·Wᵀ + b, as DJL's {@code Linear.linear} and PyTorch store them). The loader checks
 * files against this, {@link RandomInit} and the trainer create from it.
 */
public final class WeightLayout {
  /** Width of the sinusoidal timestep features fed to the timestep MLP. */
  public static final int TIME_FEATURES = 256;

  private WeightLayout() {}

  public static Map<String, long[]> shapes(ModelConfig c) {
    long w = c.width();
    long p = c.patchDim();
    long m = c.mlpHidden();
    Map<String, long[]> s = new LinkedHashMap<>();
    linear(s, "patch_embed", w, p);
    linear(s, "time_embed.fc1", w, TIME_FEATURES);
    linear(s, "time_embed.fc2", w, w);
    for (Attribute a : c.vocabulary().attributes()) {
      s.put(conditionTable(a.name()), new long[] {a.entries(), w});
    }
    for (int i = 0; i < c.depth(); i++) {
      String b = "blocks." + i + ".";
      linear(s, b + "ada", 6 * w, w);
      linear(s, b + "qkv", 3 * w, w);
      linear(s, b + "proj", w, w);
      linear(s, b + "fc1", m, w);
      linear(s, b + "fc2", w, m);
    }
    linear(s, "final.ada", 2 * w, w);
    linear(s, "final.linear", p, w);
    return Collections.unmodifiableMap(s);
  }

  /**
   * The tensors of {@code part} read from {@code file} and widened to fp32, each checked against
   * its shape here; the file's other tensors are never read.
   */
  public static Map<String, Tensor> read(ModelConfig c, StagePart part, SafetensorsFile file) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    shapes(c, part).forEach((name, shape) -> tensors.put(name, file.tensor(name, shape)));
    return tensors;
  }

  /** The parameters a worker holding {@code part} loads, in file order (all of them for the whole model). */
  public static Map<String, long[]> shapes(ModelConfig c, StagePart part) {
    Map<String, long[]> held = new LinkedHashMap<>();
    shapes(c).forEach((name, shape) -> {
      if (holds(part, name)) {
        held.put(name, shape);
      }
    });
    return Collections.unmodifiableMap(held);
  }

  /** Whether a worker holding {@code part} holds parameter {@code name}: the conditioning always. */
  static boolean holds(StagePart part, String name) {
    if (name.startsWith("blocks.")) {
      int start = "blocks.".length();
      return part.holdsBlock(Integer.parseInt(name.substring(start, name.indexOf('.', start))));
    }
    if (name.startsWith("patch_embed.")) {
      return part.embedding();
    }
    if (name.startsWith("final.")) {
      return part.finalLayer();
    }
    return true;
  }

  /** The embedding table of one vocabulary attribute: row 0 is the null entry. */
  public static String conditionTable(String attribute) {
    return "cond_embed." + attribute + ".weight";
  }

  private static void linear(Map<String, long[]> s, String name, long out, long in) {
    s.put(name + ".weight", new long[] {out, in});
    s.put(name + ".bias", new long[] {out});
  }
}
