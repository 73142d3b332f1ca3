package dev.compactfusion.models.diffusers;

import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import dev.compactfusion.models.safetensors.SafetensorsException;
import dev.compactfusion.models.safetensors.ShardedSafetensors;
import dev.compactfusion.models.safetensors.TensorStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pipeline component's safetensors, the same way for every family: the single file, else its
 * shard index ({@code NAME.index.json}). diffusers names the file {@code diffusion_pytorch_model},
 * transformers (the text encoder) {@code model}.
 */
final class ComponentWeights {
  static final String DIFFUSERS = "diffusion_pytorch_model.safetensors";
  static final String TRANSFORMERS = "model.safetensors";

  private ComponentWeights() {}

  static TensorStore open(Path folder, String file) {
    String index = file + ".index.json";
    try {
      if (Files.isRegularFile(folder.resolve(file))) {
        return MappedSafetensors.open(folder.resolve(file));
      }
      if (Files.isRegularFile(folder.resolve(index))) {
        return ShardedSafetensors.open(folder.resolve(index));
      }
    } catch (SafetensorsException e) {
      throw new CheckpointException(e.getMessage(), e);
    }
    throw new CheckpointException(folder + ": neither " + file + " nor " + index
        + " (only safetensors weights are read; convert .bin weights with tools/convert/bin_to_safetensors.py)");
  }
}
