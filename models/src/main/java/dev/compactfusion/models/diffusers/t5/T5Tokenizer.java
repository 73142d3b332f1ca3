package dev.compactfusion.models.diffusers.t5;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A T5 tokenizer from a folder's {@code tokenizer/tokenizer.json}, through DJL's binding of the
 * Hugging Face tokenizers library (native, bundled, offline), used the way PixArtAlphaPipeline
 * asks transformers' tokenizer: the prompt lower-cased and stripped (the pipeline's text
 * preprocessing when caption cleaning is off), {@code </s>} appended, cut to the token limit with
 * {@code </s>} kept last, and padded with id 0 to the limit; the mask is 1 on real tokens.
 * Truncation is done here rather than by the library so the dropped words can be reported.
 */
public final class T5Tokenizer implements AutoCloseable {
  /** T5's {@code </s>}, which the post-processor appends. */
  public static final int EOS = 1;
  public static final int PAD = 0;

  private final HuggingFaceTokenizer tokenizer;
  private final int limit;

  private T5Tokenizer(HuggingFaceTokenizer tokenizer, int limit) {
    this.tokenizer = tokenizer;
    this.limit = limit;
  }

  /**
   * The tokenizer in {@code dir}, padding to {@code limit} tokens. A folder with only
   * SentencePiece's spiece.model (as the PixArt uploads ship) is a one-line error with the fix.
   */
  public static T5Tokenizer open(Path dir, int limit) {
    Path json = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(json)) {
      throw new CheckpointException(dir + ": no tokenizer.json (only the Hugging Face tokenizers format is read);"
          + " write it with transformers' AutoTokenizer.from_pretrained(DIR).save_pretrained(DIR), or encode"
          + " elsewhere and pass --prompt-embeds");
    }
    try {
      // No special options: truncation and padding are ours, the template's </s> is the library's.
      return new T5Tokenizer(HuggingFaceTokenizer.newInstance(json, Map.of("truncation", "false",
          "padding", "false", "addSpecialTokens", "true")), limit);
    } catch (IOException | RuntimeException e) {
      throw new CheckpointException(json + ": not a readable Hugging Face tokenizer (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Ids and mask of one prompt, padded to the limit.
   *
   * @param dropped the text of the tokens cut off (empty when the prompt fits)
   */
  public record Tokens(int[] ids, int[] mask, int length, String dropped) {}

  public Tokens encode(String prompt) {
    String text = prompt.toLowerCase(Locale.ROOT).strip();
    long[] all = tokenizer.encode(text).getIds();
    String dropped = "";
    int n = all.length;
    if (n > limit) {
      long[] cut = Arrays.copyOfRange(all, limit - 1, n - 1); // what falls between the kept part and </s>
      dropped = tokenizer.decode(cut, true);
      n = limit;
    }
    int[] ids = new int[limit];
    int[] mask = new int[limit];
    for (int i = 0; i < n; i++) {
      ids[i] = i == n - 1 && all.length > limit ? EOS : Math.toIntExact(all[i]);
      mask[i] = 1;
    }
    return new Tokens(ids, mask, n, dropped);
  }

  public int limit() {
    return limit;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
