package dev.compactfusion.models.diffusers.format;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One diffusers JSON config ({@code model_index.json}, {@code config.json},
 * {@code scheduler_config.json}) with typed accessors whose errors name the file and key. diffusers
 * fills absent keys with the class's defaults, so most accessors take the default to use.
 */
public final class ConfigFile {
  private final String file;
  private final JsonObject json;

  private ConfigFile(String file, JsonObject json) {
    this.file = file;
    this.json = json;
  }

  public static ConfigFile read(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new CheckpointException(path + ": missing");
    }
    try {
      JsonElement e = JsonParser.parseString(Files.readString(path));
      if (!e.isJsonObject()) {
        throw new CheckpointException(path + ": not a JSON object");
      }
      return new ConfigFile(path.toString(), e.getAsJsonObject());
    } catch (IOException | JsonParseException e) {
      throw new CheckpointException(path + ": cannot read as JSON (" + e.getMessage() + ")", e);
    }
  }

  public String file() {
    return file;
  }

  public boolean has(String key) {
    JsonElement e = json.get(key);
    return e != null && !e.isJsonNull();
  }

  public String string(String key) {
    try {
      return required(key).getAsString();
    } catch (IllegalStateException | UnsupportedOperationException e) {
      throw wrongType(key, "a string");
    }
  }

  public String string(String key, String fallback) {
    return has(key) ? string(key) : fallback;
  }

  public int integer(String key) {
    try {
      JsonElement e = required(key);
      double d = e.getAsDouble();
      if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
        throw wrongType(key, "an integer");
      }
      return (int) d;
    } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
      throw wrongType(key, "an integer");
    }
  }

  public int integer(String key, int fallback) {
    return has(key) ? integer(key) : fallback;
  }

  public double number(String key, double fallback) {
    if (!has(key)) {
      return fallback;
    }
    try {
      return json.get(key).getAsDouble();
    } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
      throw wrongType(key, "a number");
    }
  }

  public boolean bool(String key, boolean fallback) {
    if (!has(key)) {
      return fallback;
    }
    JsonElement e = json.get(key);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw wrongType(key, "true or false");
    }
    return e.getAsBoolean();
  }

  public int[] integers(String key) {
    JsonArray a = array(key);
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = a.get(i).getAsInt();
      } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
        throw wrongType(key, "a list of integers");
      }
    }
    return out;
  }

  public List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : array(key)) {
      if (!e.isJsonPrimitive()) {
        throw wrongType(key, "a list of strings");
      }
      out.add(e.getAsString());
    }
    return out;
  }

  /** A pipeline component entry of model_index.json: ["library", "ClassName"]. */
  public List<String> component(String key) {
    List<String> pair = strings(key);
    if (pair.size() != 2) {
      throw wrongType(key, "a [library, class] pair");
    }
    return pair;
  }

  /** Fails unless {@code key} is absent or holds {@code expected} (a feature this reader does not implement). */
  public void require(String key, Object expected, boolean absentIsFine) {
    if (!has(key)) {
      if (absentIsFine) {
        return;
      }
      required(key);
    }
    String actual = json.get(key).isJsonPrimitive() ? json.get(key).getAsString() : json.get(key).toString();
    if (!actual.equals(String.valueOf(expected))) {
      throw new CheckpointException(file + ": \"" + key + "\" is " + json.get(key) + ", only " + expected
          + " is supported");
    }
  }

  private JsonArray array(String key) {
    JsonElement e = required(key);
    if (!e.isJsonArray()) {
      throw wrongType(key, "a list");
    }
    return e.getAsJsonArray();
  }

  private JsonElement required(String key) {
    if (!has(key)) {
      throw new CheckpointException(file + ": \"" + key + "\" is missing");
    }
    return json.get(key);
  }

  private CheckpointException wrongType(String key, String what) {
    return new CheckpointException(file + ": \"" + key + "\" is " + json.get(key) + ", expected " + what);
  }
}
