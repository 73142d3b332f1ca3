package dev.compactfusion.models.diffusers;

import dev.compactfusion.models.diffusers.format.ConfigFile;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import dev.compactfusion.models.safetensors.TensorStore;
import java.nio.file.Path;

/** The tiny PixArt / T5 folder and outputs written by tools/reference/make_pixart_fixtures.py. */
final class PixartFixtures {
  static final int TOKENS = 40;

  private PixartFixtures() {}

  static Path folder() {
    return Fixtures.resource("reference/pixart-tiny");
  }

  static ConfigFile config(String component) {
    return ConfigFile.read(folder().resolve(component).resolve("config.json"));
  }

  static TensorStore weights(String component, String file) {
    return MappedSafetensors.open(folder().resolve(component).resolve(file));
  }

  static float[] values(String name) {
    return MappedSafetensors.open(Fixtures.resource("reference/pixart-outputs.safetensors")).tensor(name).data();
  }

  /** A [rows][TOKENS] integer table stored as F32. */
  static int[][] rows(String name) {
    float[] v = values(name);
    int[][] out = new int[v.length / TOKENS][TOKENS];
    for (int i = 0; i < v.length; i++) {
      out[i / TOKENS][i % TOKENS] = Math.round(v[i]);
    }
    return out;
  }
}
