package dev.compactfusion.models.diffusers.t5;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.format.ConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What transformers' slow T5Tokenizer takes from a tokenizer folder besides spiece.model, and so
 * what its conversion to a fast tokenizer depends on: {@code tokenizer_config.json}'s
 * {@code extra_ids} (default 100), {@code legacy} (default true) and {@code add_prefix_space}
 * (default true), and {@code added_tokens.json} (token → id), which is only checked against the
 * ids the conversion gives. Either file may be absent.
 */
record T5TokenizerConfig(int extraIds, boolean legacy, boolean addPrefixSpace, Map<String, Integer> addedTokens) {
  static final int DEFAULT_EXTRA_IDS = 100;

  T5TokenizerConfig {
    if (extraIds < 0) {
      throw new IllegalArgumentException("extra_ids " + extraIds + " is negative");
    }
    addedTokens = Map.copyOf(addedTokens);
  }

  static T5TokenizerConfig defaults() {
    return new T5TokenizerConfig(DEFAULT_EXTRA_IDS, true, true, Map.of());
  }

  static T5TokenizerConfig read(Path dir) {
    Path configPath = dir.resolve("tokenizer_config.json");
    T5TokenizerConfig d = defaults();
    int extraIds = d.extraIds();
    boolean legacy = d.legacy();
    boolean prefix = d.addPrefixSpace();
    if (Files.isRegularFile(configPath)) {
      ConfigFile c = ConfigFile.read(configPath);
      extraIds = c.integer("extra_ids", extraIds);
      if (extraIds < 0) {
        throw new CheckpointException(configPath + ": \"extra_ids\" is " + extraIds + "; give 0 or more");
      }
      legacy = c.bool("legacy", legacy);
      prefix = c.bool("add_prefix_space", prefix);
    }
    return new T5TokenizerConfig(extraIds, legacy, prefix, addedTokens(dir.resolve("added_tokens.json")));
  }

  /**
   * Metaspace's prepend scheme as transformers derives it: {@code always}, {@code first} for a
   * non-legacy tokenizer (no "▁" before text that follows a special token), {@code never}
   * without a prefix space.
   */
  String prependScheme() {
    return !addPrefixSpace ? "never" : legacy ? "always" : "first";
  }

  private static Map<String, Integer> addedTokens(Path file) {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      JsonElement e = JsonParser.parseString(Files.readString(file));
      if (!e.isJsonObject()) {
        throw new CheckpointException(file + ": not a JSON object of token to id");
      }
      Map<String, Integer> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> entry : ((JsonObject) e).entrySet()) {
        JsonElement v = entry.getValue();
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
          throw new CheckpointException(file + ": \"" + entry.getKey() + "\" maps to " + v + ", not an id");
        }
        out.put(entry.getKey(), v.getAsInt());
      }
      return out;
    } catch (IOException | JsonParseException e) {
      throw new CheckpointException(file + ": cannot read as JSON (" + e.getMessage() + ")", e);
    }
  }
}
