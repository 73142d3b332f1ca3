package dev.compactfusion.models.generate;

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
 * Latents exchanged with other tools or runs (e.g. the same starting noise as a diffusers run): a
 * safetensors file holding one float32 tensor {@code latents} of the family's {@link LatentsLayout}
 * shape. Every family reads and writes through here, so the checks and messages are the same.
 */
public final class LatentsFile {
  public static final String NAME = "latents";

  private LatentsFile() {}

  /**
   * The file's latents, row-major in {@code layout.shape()}; an unreadable file, a missing tensor,
   * another dtype or shape is one IllegalArgumentException line naming the file and the shape wanted.
   */
  public static float[] read(Path file, LatentsLayout layout) {
    String wanted = "expected float32 '" + NAME + "' " + Arrays.toString(layout.shape());
    TensorStore store;
    try {
      store = MappedSafetensors.open(file);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--latents " + file + ": " + e.getMessage() + "; " + wanted, e);
    }
    if (!store.names().contains(NAME)) {
      throw new IllegalArgumentException("--latents " + file + ": no tensor '" + NAME + "' (has " + store.names()
          + "); " + wanted);
    }
    if (store.dtype(NAME) != DType.F32) {
      throw new IllegalArgumentException("--latents " + file + ": '" + NAME + "' is " + store.dtype(NAME) + "; "
          + wanted);
    }
    if (!Arrays.equals(store.shape(NAME), layout.shape())) {
      throw new IllegalArgumentException("--latents " + file + ": '" + NAME + "' has shape "
          + Arrays.toString(store.shape(NAME)) + ", this model needs " + Arrays.toString(layout.shape()));
    }
    return store.tensor(NAME).data();
  }

  /** Writes {@code latents} (row-major in {@code layout.shape()}) atomically: a temp file renamed into place. */
  public static void write(Path file, float[] latents, LatentsLayout layout) {
    try {
      SafetensorsWriter.write(file, Map.of(NAME, new Tensor(layout.shape(), latents)), DType.F32, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
