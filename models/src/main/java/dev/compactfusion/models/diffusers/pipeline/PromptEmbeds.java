package dev.compactfusion.models.diffusers.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.compactfusion.models.diffusers.PixartPipelineFolder;
import dev.compactfusion.models.diffusers.t5.T5Encoder;
import dev.compactfusion.models.diffusers.t5.T5Tokenizer;
import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import dev.compactfusion.models.safetensors.SafetensorsWriter;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.safetensors.TensorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The text condition of a text-to-image run: the T5 embeddings [L, C] and 0/1 masks [L] of the
 * prompt and of the negative prompt (what the unconditional branch reads), padded to the folder's
 * token limit. Stored in a safetensors file under diffusers' pipeline argument names
 * ({@code prompt_embeds} [1, L, C], {@code prompt_attention_mask} [1, L] and the two
 * {@code negative_} ones), so a run can skip the encoder.
 */
public record PromptEmbeds(int tokens, int width, float[] prompt, float[] promptMask, float[] negative,
    float[] negativeMask) {
  public static final String PROMPT = "prompt_embeds";
  public static final String PROMPT_MASK = "prompt_attention_mask";
  public static final String NEGATIVE = "negative_prompt_embeds";
  public static final String NEGATIVE_MASK = "negative_prompt_attention_mask";

  public PromptEmbeds {
    if (prompt.length != tokens * width || negative.length != tokens * width || promptMask.length != tokens
        || negativeMask.length != tokens) {
      throw new IllegalArgumentException("prompt embeddings must be [" + tokens + ", " + width + "] with masks of "
          + tokens);
    }
  }

  /** All four arrays end to end (prompt, its mask, negative, its mask), as one message carries them. */
  public float[] packed() {
    float[] out = new float[2 * tokens * width + 2 * tokens];
    int at = 0;
    for (float[] part : new float[][] {prompt, promptMask, negative, negativeMask}) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /** The embeddings {@link #packed()} gave, for a model of {@code tokens} × {@code width}. */
  public static PromptEmbeds unpack(float[] packed, int tokens, int width) {
    int values = tokens * width;
    if (packed.length != 2 * values + 2 * tokens) {
      throw new IllegalArgumentException("shared prompt embeddings hold " + packed.length + " values; a model reading "
          + tokens + " tokens of " + width + " needs " + (2 * values + 2 * tokens));
    }
    int mask = values + tokens;
    return new PromptEmbeds(tokens, width, Arrays.copyOfRange(packed, 0, values),
        Arrays.copyOfRange(packed, values, mask), Arrays.copyOfRange(packed, mask, mask + values),
        Arrays.copyOfRange(packed, mask + values, packed.length));
  }

  /**
   * Tokenizes and encodes both prompts with the folder's tokenizer and T5 encoder (loaded on
   * {@code device} for this and closed after); {@code warn} gets one line per truncated prompt.
   */
  public static PromptEmbeds encode(PixartPipelineFolder folder, String prompt, String negativePrompt, Device device,
      Consumer<String> warn) {
    try (T5Tokenizer tokenizer = folder.loadTokenizer()) {
      T5Tokenizer.Tokens p = tokens(tokenizer, prompt, "--prompt", warn);
      T5Tokenizer.Tokens n = tokens(tokenizer, negativePrompt, "--negative-prompt", warn);
      try (T5Encoder encoder = folder.loadTextEncoder(device); NDManager m = NDManager.newBaseManager(device)) {
        NDArray hidden = encoder.encode(m, new int[][] {n.ids(), p.ids()}, new int[][] {n.mask(), p.mask()});
        float[] both = hidden.toFloatArray();
        int values = tokenizer.limit() * encoder.config().width();
        return new PromptEmbeds(tokenizer.limit(), encoder.config().width(), Arrays.copyOfRange(both, values, 2 * values),
            floats(p.mask()), Arrays.copyOfRange(both, 0, values), floats(n.mask()));
      }
    }
  }

  /** The tokens of one prompt; a cut prompt is reported as the pipeline does, not refused. */
  public static T5Tokenizer.Tokens tokens(T5Tokenizer tokenizer, String text, String flag, Consumer<String> warn) {
    T5Tokenizer.Tokens t = tokenizer.encode(text);
    if (!t.dropped().isEmpty()) {
      warn.accept("warning: " + flag + " is longer than the " + tokenizer.limit() + " tokens the model reads;"
          + " dropped: \"" + t.dropped() + "\"");
    }
    return t;
  }

  private static float[] floats(int[] mask) {
    float[] f = new float[mask.length];
    for (int i = 0; i < mask.length; i++) {
      f[i] = mask[i];
    }
    return f;
  }

  /**
   * The file's embeddings, checked against the model: each tensor present, float32, of shape [1,
   * tokens, width] or [1, tokens], masks 0/1 with at least one token. Any problem is one
   * IllegalArgumentException line naming the file and the fix.
   */
  public static PromptEmbeds read(Path file, int tokens, int width) {
    String fix = "; write it with 'compactfusion encode-prompt --model DIR' for this model";
    TensorStore store;
    try {
      store = MappedSafetensors.open(file);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--prompt-embeds " + file + ": " + e.getMessage() + fix, e);
    }
    float[][] t = new float[4][];
    String[] names = {PROMPT, PROMPT_MASK, NEGATIVE, NEGATIVE_MASK};
    for (int i = 0; i < 4; i++) {
      long[] shape = i % 2 == 0 ? new long[] {1, tokens, width} : new long[] {1, tokens};
      String name = names[i];
      if (!store.names().contains(name)) {
        throw new IllegalArgumentException("--prompt-embeds " + file + ": no tensor '" + name + "' (has "
            + store.names() + ")" + fix);
      }
      if (store.dtype(name) != DType.F32 || !Arrays.equals(store.shape(name), shape)) {
        throw new IllegalArgumentException("--prompt-embeds " + file + ": '" + name + "' is " + store.dtype(name) + " "
            + Arrays.toString(store.shape(name)) + ", this model needs F32 " + Arrays.toString(shape) + fix);
      }
      t[i] = store.tensor(name).data();
    }
    for (int i = 1; i < 4; i += 2) {
      checkMask(file, names[i], t[i], fix);
    }
    return new PromptEmbeds(tokens, width, t[0], t[1], t[2], t[3]);
  }

  private static void checkMask(Path file, String name, float[] mask, String fix) {
    boolean any = false;
    for (float v : mask) {
      if (v != 0f && v != 1f) {
        throw new IllegalArgumentException("--prompt-embeds " + file + ": '" + name + "' holds " + v
            + "; a mask is 0 or 1" + fix);
      }
      any |= v == 1f;
    }
    if (!any) {
      throw new IllegalArgumentException("--prompt-embeds " + file + ": '" + name + "' masks every token"
          + " (even an empty prompt keeps its </s>)" + fix);
    }
  }

  /** Writes the four tensors atomically (a temp file renamed into place). */
  public void write(Path file) {
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put(PROMPT, new Tensor(new long[] {1, tokens, width}, prompt));
    t.put(PROMPT_MASK, new Tensor(new long[] {1, tokens}, promptMask));
    t.put(NEGATIVE, new Tensor(new long[] {1, tokens, width}, negative));
    t.put(NEGATIVE_MASK, new Tensor(new long[] {1, tokens}, negativeMask));
    try {
      SafetensorsWriter.write(file, t, DType.F32, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
