package dev.compactfusion.models.config;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.compactfusion.models.prompt.Attribute;
import dev.compactfusion.models.prompt.Vocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A model's {@code config.json}: what it makes (kind, size, frames), its DiT shape and its prompt
 * vocabulary. Invalid combinations cannot be constructed; token count, head and patch dimensions
 * are derived.
 */
public record ModelConfig(
    String name,
    String description,
    ModelKind kind,
    int imageSize,
    int frames,
    int channels,
    int patchSize,
    int width,
    int depth,
    int heads,
    float mlpRatio,
    Vocabulary vocabulary,
    SamplerDefaults sampler) {

  public ModelConfig {
    require(name != null && !name.isBlank(), "name is missing");
    require(description != null, "description is missing");
    require(kind != null, "kind is missing (image or video)");
    require(vocabulary != null, "vocabulary is missing");
    require(sampler != null, "sampler defaults are missing");
    require(imageSize >= 1, "image_size must be >= 1, got " + imageSize);
    require(frames >= 1, "frames must be >= 1, got " + frames);
    require(kind != ModelKind.IMAGE || frames == 1, "an image model has frames = 1, got " + frames);
    require(kind != ModelKind.VIDEO || frames >= 2, "a video model needs frames >= 2, got " + frames);
    require(channels == 3, "channels must be 3 (RGB), got " + channels);
    require(patchSize >= 1, "patch_size must be >= 1, got " + patchSize);
    require(imageSize % patchSize == 0,
        "image_size " + imageSize + " is not divisible by patch_size " + patchSize);
    require(width >= 2 && width % 2 == 0, "width must be even and >= 2, got " + width);
    require(depth >= 1, "depth must be >= 1, got " + depth);
    require(heads >= 1, "heads must be >= 1, got " + heads);
    require(width % heads == 0, "width " + width + " is not divisible by heads " + heads);
    require(mlpRatio > 0 && (int) (width * mlpRatio) >= 1, "mlp_ratio must be > 0, got " + mlpRatio);
  }

  private static void require(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalArgumentException("model config: " + problem);
    }
  }

  public int tokensPerFrame() {
    return (imageSize / patchSize) * (imageSize / patchSize);
  }

  /** T = frames · (size/patch)², ordered (frame, row, col). */
  public int tokens() {
    return frames * tokensPerFrame();
  }

  public int gridSize() {
    return imageSize / patchSize;
  }

  public int headDim() {
    return width / heads;
  }

  /** Values per token: patch² · channels. */
  public int patchDim() {
    return patchSize * patchSize * channels;
  }

  public int mlpHidden() {
    return (int) (width * mlpRatio);
  }

  public static ModelConfig load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read model config " + file + " (" + e.getMessage() + ")", e);
    }
  }

  /** Parses config JSON; {@code source} names the file in error messages. */
  public static ModelConfig parse(String json, String source) {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      JsonObject vocab = object(o, "vocabulary");
      List<Attribute> attributes = new ArrayList<>();
      for (JsonElement a : vocab.getAsJsonArray("attributes")) {
        JsonObject ao = a.getAsJsonObject();
        List<String> words = new ArrayList<>();
        ao.getAsJsonArray("words").forEach(w -> words.add(w.getAsString()));
        attributes.add(new Attribute(string(ao, "name"), words));
      }
      Set<String> fillers = new LinkedHashSet<>();
      if (vocab.has("fillers")) {
        vocab.getAsJsonArray("fillers").forEach(w -> fillers.add(w.getAsString()));
      }
      JsonObject sampler = object(o, "sampler");
      String kind = string(o, "kind");
      ModelKind modelKind = switch (kind) {
        case "image" -> ModelKind.IMAGE;
        case "video" -> ModelKind.VIDEO;
        default -> throw new IllegalArgumentException("model config: kind must be image or video, got " + kind);
      };
      return new ModelConfig(
          string(o, "name"),
          o.has("description") ? o.get("description").getAsString() : "",
          modelKind,
          integer(o, "image_size"),
          o.has("frames") ? integer(o, "frames") : 1,
          o.has("channels") ? integer(o, "channels") : 3,
          integer(o, "patch_size"),
          integer(o, "width"),
          integer(o, "depth"),
          integer(o, "heads"),
          number(o, "mlp_ratio"),
          new Vocabulary(attributes, fillers),
          new SamplerDefaults(integer(sampler, "steps"), number(sampler, "guidance")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
      throw new IllegalArgumentException(source + ": malformed model config (" + e.getMessage() + ")", e);
    }
  }

  private static JsonObject object(JsonObject o, String key) {
    if (!o.has(key) || !o.get(key).isJsonObject()) {
      throw new IllegalArgumentException("model config: '" + key + "' is missing or not an object");
    }
    return o.getAsJsonObject(key);
  }

  private static String string(JsonObject o, String key) {
    if (!o.has(key)) {
      throw new IllegalArgumentException("model config: '" + key + "' is missing");
    }
    return o.get(key).getAsString();
  }

  private static int integer(JsonObject o, String key) {
    if (!o.has(key)) {
      throw new IllegalArgumentException("model config: '" + key + "' is missing");
    }
    double v = o.get(key).getAsDouble();
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("model config: '" + key + "' must be an integer, got " + o.get(key));
    }
    return (int) v;
  }

  private static float number(JsonObject o, String key) {
    if (!o.has(key)) {
      throw new IllegalArgumentException("model config: '" + key + "' is missing");
    }
    return o.get(key).getAsFloat();
  }

  public String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("name", name);
    o.addProperty("description", description);
    o.addProperty("kind", kind.label());
    o.addProperty("image_size", imageSize);
    o.addProperty("frames", frames);
    o.addProperty("channels", channels);
    o.addProperty("patch_size", patchSize);
    o.addProperty("width", width);
    o.addProperty("depth", depth);
    o.addProperty("heads", heads);
    o.addProperty("mlp_ratio", mlpRatio);
    JsonObject vocab = new JsonObject();
    JsonArray attrs = new JsonArray();
    for (Attribute a : vocabulary.attributes()) {
      JsonObject ao = new JsonObject();
      ao.addProperty("name", a.name());
      JsonArray words = new JsonArray();
      a.words().forEach(words::add);
      ao.add("words", words);
      attrs.add(ao);
    }
    vocab.add("attributes", attrs);
    JsonArray fillers = new JsonArray();
    vocabulary.fillers().stream().sorted().forEach(fillers::add);
    vocab.add("fillers", fillers);
    o.add("vocabulary", vocab);
    JsonObject s = new JsonObject();
    s.addProperty("steps", sampler.steps());
    s.addProperty("guidance", sampler.guidance());
    o.add("sampler", s);
    return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
  }
}
