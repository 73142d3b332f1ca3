package dev.compactfusion.models.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The models shipped inside the jar. Classpath folders cannot be listed portably, so the names are
 * kept in {@code embedded/index.txt}, one per line.
 */
public final class EmbeddedModels {
  /** What {@code generate} uses without {@code --model}. */
  public static final String DEFAULT = "shapes-image";

  private EmbeddedModels() {}

  public static List<String> names() {
    String path = ModelSource.RESOURCE_ROOT + "index.txt";
    try (InputStream in = EmbeddedModels.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        return List.of();
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
