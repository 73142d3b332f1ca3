package dev.compactfusion.models.diffusers;

import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.format.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A folder's {@code model_index.json}, checked for the pipeline class and the components a family needs. */
final class PipelineIndex {
  private PipelineIndex() {}

  static ConfigFile read(Path dir, String pipeline, List<String> components) {
    Path indexPath = dir.resolve("model_index.json");
    if (!Files.isRegularFile(indexPath)) {
      throw new CheckpointException(dir + ": no model_index.json, not a diffusers pipeline folder");
    }
    ConfigFile index = ConfigFile.read(indexPath);
    String found = index.string("_class_name");
    if (!found.equals(pipeline)) {
      throw new CheckpointException(indexPath + ": a " + found + " folder, not a " + pipeline);
    }
    for (String component : components) {
      index.component(component);
    }
    return index;
  }
}
