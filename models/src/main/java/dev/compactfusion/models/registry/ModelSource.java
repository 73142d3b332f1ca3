package dev.compactfusion.models.registry;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a model comes from: a directory with {@code config.json} + {@code model.safetensors}, or an
 * embedded classpath resource of the same layout. {@code --model NAME|DIR} resolves through
 * {@link #resolve}.
 */
public final class ModelSource {
  static final String RESOURCE_ROOT = "dev/compactfusion/models/embedded/";
  private static final String CONFIG = "config.json";
  private static final String WEIGHTS = "model.safetensors";

  private final String location;
  private final ModelConfig config;
  private final Path directory; // null for an embedded model

  private ModelSource(String location, ModelConfig config, Path directory) {
    this.location = location;
    this.config = config;
    this.directory = directory;
  }

  /** A directory containing config.json and model.safetensors, or the name of an embedded model. */
  public static ModelSource resolve(String nameOrDir) {
    Path dir = Path.of(nameOrDir);
    if (Files.isDirectory(dir)) {
      return directory(dir);
    }
    if (EmbeddedModels.names().contains(nameOrDir)) {
      return embedded(nameOrDir);
    }
    throw new IllegalArgumentException("no model '" + nameOrDir + "': not a directory and not an embedded model"
        + " (embedded: " + String.join(", ", EmbeddedModels.names()) + ")");
  }

  public static ModelSource directory(Path dir) {
    Path config = dir.resolve(CONFIG);
    if (!Files.isRegularFile(config) || !Files.isRegularFile(dir.resolve(WEIGHTS))) {
      throw new IllegalArgumentException("model directory " + dir + " needs " + CONFIG + " and " + WEIGHTS);
    }
    return new ModelSource(dir.toString(), ModelConfig.load(config), dir);
  }

  public static ModelSource embedded(String name) {
    String json = new String(resource(name, CONFIG), StandardCharsets.UTF_8);
    return new ModelSource("embedded:" + name, ModelConfig.parse(json, "embedded:" + name + "/" + CONFIG), null);
  }

  /** "embedded:NAME" or the directory path, for messages and stats. */
  public String location() {
    return location;
  }

  public ModelConfig config() {
    return config;
  }

  /** The weights, memory-mapped from a directory or copied into a direct buffer from the classpath. */
  public SafetensorsFile weights() {
    if (directory != null) {
      return SafetensorsFile.open(directory.resolve(WEIGHTS));
    }
    byte[] bytes = resource(config.name(), WEIGHTS);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    return SafetensorsFile.parse(location + "/" + WEIGHTS, direct);
  }

  private static byte[] resource(String name, String file) {
    String path = RESOURCE_ROOT + name + "/" + file;
    try (InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("embedded model '" + name + "' has no " + file + " (resource " + path + ")");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + path, e);
    }
  }
}
