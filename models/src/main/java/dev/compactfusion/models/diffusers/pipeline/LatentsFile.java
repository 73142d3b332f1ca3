package dev.compactfusion.models.diffusers.pipeline;

import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import dev.compactfusion.models.safetensors.SafetensorsWriter;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.safetensors.TensorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Latents exchanged with other tools (e.g. the same starting noise as a diffusers run): a
 * safetensors file holding one float32 tensor {@code latents} of shape [1, C, S, S].
 */
public final class LatentsFile {
  public static final String NAME = "latents";

  private LatentsFile() {}

  /** The latents [C, S, S] of {@code file}; a missing tensor, another dtype or shape is an error naming the file. */
  public static float[] read(Path file, PatchLayout layout) {
    long[] expected = shape(layout);
    TensorStore store;
    try {
      store = MappedSafetensors.open(file);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--latents " + file + ": " + e.getMessage(), e);
    }
    if (!store.names().contains(NAME)) {
      throw new IllegalArgumentException("--latents " + file + ": no tensor '" + NAME + "' (has " + store.names() + ")");
    }
    if (store.dtype(NAME) != DType.F32) {
      throw new IllegalArgumentException("--latents " + file + ": '" + NAME + "' is " + store.dtype(NAME)
          + ", expected F32");
    }
    if (!Arrays.equals(store.shape(NAME), expected)) {
      throw new IllegalArgumentException("--latents " + file + ": '" + NAME + "' has shape "
          + Arrays.toString(store.shape(NAME)) + ", this model needs " + Arrays.toString(expected));
    }
    return store.tensor(NAME).data();
  }

  public static void write(Path file, float[] latents, PatchLayout layout) {
    try {
      SafetensorsWriter.write(file, Map.of(NAME, new Tensor(shape(layout), latents)), DType.F32, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static long[] shape(PatchLayout layout) {
    return new long[] {1, layout.channels(), layout.size(), layout.size()};
  }
}
