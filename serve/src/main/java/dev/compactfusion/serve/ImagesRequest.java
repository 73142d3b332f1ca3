package dev.compactfusion.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.compactfusion.models.generate.GenerationRequest;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code POST /v1/images/generations} (or {@code /v1/videos/generations}) body, checked: the OpenAI images fields ({@code prompt},
 * {@code n}, {@code size}, {@code response_format}, {@code model}) and the engine's own
 * ({@code seed}, {@code steps}, {@code guidance}), and {@code output_format} as the newer OpenAI
 * image models spell it: {@code png} for an image model, {@code gif} (the default) or {@code mp4}
 * for a video model. Anything else, or a value the server cannot honour, is a 400 naming the
 * field: nothing is silently ignored.
 *
 * @param seed the first image's seed; image i uses seed + i
 * @param format how each answer is encoded: "png", "gif" or "mp4"
 */
public record ImagesRequest(String prompt, int n, long seed, int steps, float guidance, String format) {
  public static final int MAX_N = 16;
  public static final int MAX_STEPS = 10_000;
  private static final Set<String> FIELDS =
      Set.of("prompt", "n", "size", "response_format", "output_format", "model", "seed", "steps", "guidance");

  /** The engine requests, one per image. */
  public List<GenerationRequest> images(ServedModel model) {
    List<GenerationRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(model.request(prompt, seed + i, steps, guidance));
    }
    return out;
  }

  /**
   * @throws ApiError (400) for malformed JSON, an unknown field, or a value out of range
   */
  public static ImagesRequest parse(String body, ServedModel model) {
    JsonObject o = object(body);
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      if (!FIELDS.contains(e.getKey())) {
        throw ApiError.badField(e.getKey(), "unknown field '" + e.getKey() + "'; this server takes " + String.join(", ",
            FIELDS.stream().sorted().toList()));
      }
    }
    String prompt = string(o, "prompt", null);
    if (prompt == null) {
      throw ApiError.badField("prompt", "prompt is missing (\"\" draws unconditionally)");
    }
    String format = string(o, "response_format", "b64_json");
    if (!format.equals("b64_json")) {
      throw ApiError.badField("response_format", "response_format '" + format
          + "' is not served (there is no image store to link to); use b64_json");
    }
    List<String> formats = model.isVideo() ? List.of("gif", "mp4") : List.of("png");
    String output = string(o, "output_format", formats.get(0));
    if (!formats.contains(output)) {
      throw ApiError.badField("output_format", "output_format '" + output + "' is not served for "
          + (model.isVideo() ? "a video model" : "an image model") + "; use " + String.join(" or ", formats));
    }
    String size = string(o, "size", model.size());
    if (!size.equals(model.size())) {
      throw ApiError.badField("size", "size '" + size + "' is not what " + model.id() + " draws; use " + model.size());
    }
    String named = string(o, "model", model.id());
    if (!named.equals(model.id())) {
      throw ApiError.badField("model", "model '" + named + "' is not served here; use " + model.id());
    }
    int n = (int) integer(o, "n", 1, 1, MAX_N);
    int steps = (int) integer(o, "steps", model.defaultSteps(), 1, MAX_STEPS);
    long seed = o.has("seed") ? integer(o, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE - MAX_N)
        : ThreadLocalRandom.current().nextLong(0, 1L << 53);
    float guidance = model.defaultGuidance();
    if (o.has("guidance")) {
      BigDecimal g = number(o, "guidance");
      guidance = g.floatValue();
      if (g.signum() < 0 || Float.isInfinite(guidance)) {
        throw ApiError.badField("guidance", "guidance must be a finite number >= 0, got " + g);
      }
    }
    return new ImagesRequest(prompt, n, seed, steps, guidance, output);
  }

  /** Strict JSON (no comments, unquoted names or trailing data), and an object at the top. */
  private static JsonObject object(String body) {
    try {
      JsonReader reader = new JsonReader(new StringReader(body));
      reader.setStrictness(Strictness.STRICT);
      JsonElement root = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw ApiError.badField(null, "malformed JSON: data after the request object");
      }
      if (!root.isJsonObject()) {
        throw ApiError.badField(null, "the body must be a JSON object, e.g. {\"prompt\": \"red circle\"}");
      }
      return root.getAsJsonObject();
    } catch (JsonParseException | IOException | IllegalStateException e) {
      throw ApiError.badField(null, "malformed JSON: " + e.getMessage());
    }
  }

  private static String string(JsonObject o, String field, String fallback) {
    if (!o.has(field)) {
      return fallback;
    }
    JsonElement e = o.get(field);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw ApiError.badField(field, field + " must be a string, got " + e);
    }
    return e.getAsString();
  }

  private static BigDecimal number(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw ApiError.badField(field, field + " must be a number, got " + e);
    }
    return new BigDecimal(((JsonPrimitive) e).getAsString());
  }

  private static long integer(JsonObject o, String field, long fallback, long min, long max) {
    if (!o.has(field)) {
      return fallback;
    }
    BigDecimal v = number(o, field);
    try {
      long value = v.longValueExact();
      if (value < min || value > max) {
        throw ApiError.badField(field, field + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (ArithmeticException e) {
      throw ApiError.badField(field, field + " must be a whole number between " + min + " and " + max + ", got " + v);
    }
  }
}
