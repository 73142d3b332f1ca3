package dev.compactfusion.models.diffusers.t5;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A T5 tokenizer from a folder's {@code tokenizer/tokenizer.json} or, where the folder has only
 * SentencePiece's {@code spiece.model} (as the published PixArt folders), from the tokenizer.json
 * that transformers' conversion would write of it ({@link T5TokenizerJson}, built in memory);
 * either through DJL's binding of the Hugging Face tokenizers library (native, bundled, offline),
 * used the way PixArtAlphaPipeline asks transformers' tokenizer: the prompt lower-cased and
 * stripped (the pipeline's text preprocessing when caption cleaning is off), {@code </s>}
 * appended, cut to the token limit with {@code </s>} kept last, and padded with id 0 to the
 * limit; the mask is 1 on real tokens.
 * Truncation is done here rather than by the library so the dropped words can be reported.
 */
public final class T5Tokenizer implements AutoCloseable {
  /** T5's {@code </s>}, which the post-processor appends. */
  public static final int EOS = 1;
  public static final int PAD = 0;

  /** What the tokenizers library is told: truncation and padding are ours, the template's {@code </s>} is its. */
  private static final Map<String, String> OPTIONS = Map.of("truncation", "false", "padding", "false",
      "addSpecialTokens", "true");

  private final HuggingFaceTokenizer tokenizer;
  private final int limit;

  private T5Tokenizer(HuggingFaceTokenizer tokenizer, int limit) {
    this.tokenizer = tokenizer;
    this.limit = limit;
  }

  /**
   * The tokenizer in {@code dir}, padding to {@code limit} tokens: its tokenizer.json when there
   * is one, else its spiece.model with tokenizer_config.json (and added_tokens.json, checked);
   * a folder with neither is a one-line error with the fix.
   */
  public static T5Tokenizer open(Path dir, int limit) {
    Path json = dir.resolve("tokenizer.json");
    if (Files.isRegularFile(json)) {
      try {
        return new T5Tokenizer(HuggingFaceTokenizer.newInstance(json, OPTIONS), limit);
      } catch (IOException | RuntimeException e) {
        throw new CheckpointException(json + ": not a readable Hugging Face tokenizer (" + e.getMessage() + ")", e);
      }
    }
    Path spiece = dir.resolve("spiece.model");
    if (Files.isRegularFile(spiece)) {
      String built = T5TokenizerJson.json(SentencePieceFile.read(spiece), T5TokenizerConfig.read(dir),
          spiece.toString());
      try (InputStream in = new ByteArrayInputStream(built.getBytes(StandardCharsets.UTF_8))) {
        return new T5Tokenizer(HuggingFaceTokenizer.newInstance(in, OPTIONS), limit);
      } catch (IOException | RuntimeException e) {
        throw new CheckpointException(spiece + ": the tokenizer built from it does not load (" + e.getMessage()
            + "); give the folder a tokenizer.json written by transformers, or pass --prompt-embeds", e);
      }
    }
    throw new CheckpointException(dir + ": no tokenizer.json and no spiece.model; copy the model's tokenizer/"
        + " folder (either file), write tokenizer.json with transformers'"
        + " AutoTokenizer.from_pretrained(DIR).save_pretrained(DIR), or encode elsewhere and pass --prompt-embeds");
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
