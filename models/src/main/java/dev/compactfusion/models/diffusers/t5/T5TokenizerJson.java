package dev.compactfusion.models.diffusers.t5;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.t5.SentencePieceModel.Piece;
import dev.compactfusion.models.diffusers.t5.SentencePieceModel.PieceType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Hugging Face {@code tokenizer.json} that transformers' slow-to-fast conversion (its
 * SpmConverter with T5's vocabulary and post-processor) makes of a T5 SentencePiece model:
 * <ul>
 *   <li>model: Unigram over the pieces in id order, then {@code extra_ids} sentinels appended
 *       from {@code <extra_id_N-1>} down to {@code <extra_id_0>} (so {@code <extra_id_0>} has the
 *       last id, 32099 in T5's 32,100), score 0; unk_id from the trainer spec; byte fallback off
 *       (the T5 conversion never enables it);
 *   <li>normalizer: the precompiled charsmap as is (base64), when the file has one, then strip on
 *       the right and every run of two or more spaces replaced by one "▁";
 *   <li>pre-tokenizer and decoder: Metaspace "▁" with the config's prepend scheme (split on);
 *   <li>post-processor: {@code $A </s>} ({@code $A </s> $B </s>} for pairs);
 *   <li>added tokens: control pieces and the unknown piece (special), user-defined pieces (not
 *       special), the sentinels (special); none normalized.
 * </ul>
 * The whitespace flags of the normalizer spec are not consulted, as the conversion does not
 * consult them; T5's file has all three on, which is what this reproduces.
 */
final class T5TokenizerJson {
  private static final String SPACE = "▁";
  private static final String FIX = "; give the folder a tokenizer.json (transformers'"
      + " AutoTokenizer.from_pretrained(DIR).save_pretrained(DIR) writes one) or pass --prompt-embeds";

  private T5TokenizerJson() {}

  /** As a string for the tokenizers library. */
  static String json(SentencePieceModel m, T5TokenizerConfig c, String source) {
    return new GsonBuilder().disableHtmlEscaping().serializeNulls().create().toJson(build(m, c, source));
  }

  /** {@code source} (the spiece.model path) names the model in errors. */
  static JsonObject build(SentencePieceModel m, T5TokenizerConfig c, String source) {
    checkLayout(m, source);
    List<String> vocab = vocabulary(m, c);
    checkAddedTokens(vocab, c, source);
    JsonObject out = new JsonObject();
    out.addProperty("version", "1.0");
    out.add("truncation", null);
    out.add("padding", null);
    out.add("added_tokens", addedTokens(m, c));
    out.add("normalizer", normalizer(m.precompiledCharsmap()));
    out.add("pre_tokenizer", metaspace(c.prependScheme()));
    out.add("post_processor", template());
    out.add("decoder", metaspace(c.prependScheme()));
    out.add("model", unigram(m, c));
    return out;
  }

  /** Piece strings in id order: the model's, then the sentinels. */
  static List<String> vocabulary(SentencePieceModel m, T5TokenizerConfig c) {
    List<String> v = new ArrayList<>();
    for (Piece p : m.pieces()) {
      v.add(p.piece());
    }
    for (int i = c.extraIds() - 1; i >= 0; i--) {
      v.add(extraId(i));
    }
    return v;
  }

  static String extraId(int i) {
    return "<extra_id_" + i + ">";
  }

  /** T5Tokenizer pads with id 0 and keeps id 1 last when it cuts; a model laid out otherwise is refused. */
  private static void checkLayout(SentencePieceModel m, String source) {
    int eos = m.id("</s>");
    if (eos != T5Tokenizer.EOS || m.padId() != T5Tokenizer.PAD) {
      throw new CheckpointException(source + ": </s> is " + (eos < 0 ? "absent" : "id " + eos) + " and pad_id is "
          + m.padId() + ", not T5's </s> " + T5Tokenizer.EOS + " and <pad> " + T5Tokenizer.PAD
          + " that prompts are cut and padded with" + FIX);
    }
  }

  private static void checkAddedTokens(List<String> vocab, T5TokenizerConfig c, String source) {
    for (Map.Entry<String, Integer> e : c.addedTokens().entrySet()) {
      int id = e.getValue();
      if (id < 0 || id >= vocab.size() || !vocab.get(id).equals(e.getKey())) {
        String ours = id >= 0 && id < vocab.size() ? "\"" + vocab.get(id) + "\"" : "no token";
        throw new CheckpointException(source + ": added_tokens.json gives \"" + e.getKey() + "\" id " + id
            + ", where spiece.model and " + c.extraIds() + " extra ids have " + ours + FIX);
      }
    }
  }

  private static JsonArray addedTokens(SentencePieceModel m, T5TokenizerConfig c) {
    JsonArray out = new JsonArray();
    List<Piece> pieces = m.pieces();
    for (int id = 0; id < pieces.size(); id++) {
      PieceType t = pieces.get(id).type();
      if (t == PieceType.CONTROL || t == PieceType.USER_DEFINED || id == m.unkId()) {
        out.add(added(id, pieces.get(id).piece(), t != PieceType.USER_DEFINED));
      }
    }
    for (int k = 0; k < c.extraIds(); k++) {
      int id = pieces.size() + k;
      out.add(added(id, extraId(c.extraIds() - 1 - k), true));
    }
    return out;
  }

  private static JsonObject added(int id, String content, boolean special) {
    JsonObject t = new JsonObject();
    t.addProperty("id", id);
    t.addProperty("content", content);
    t.addProperty("single_word", false);
    t.addProperty("lstrip", false);
    t.addProperty("rstrip", false);
    t.addProperty("normalized", false);
    t.addProperty("special", special);
    return t;
  }

  /** An empty charsmap gets no Precompiled step, as in the conversion (the library refuses an empty one). */
  private static JsonObject normalizer(byte[] charsmap) {
    JsonArray steps = new JsonArray();
    if (charsmap.length > 0) {
      JsonObject p = new JsonObject();
      p.addProperty("type", "Precompiled");
      p.addProperty("precompiled_charsmap", Base64.getEncoder().encodeToString(charsmap));
      steps.add(p);
    }
    JsonObject strip = new JsonObject();
    strip.addProperty("type", "Strip");
    strip.addProperty("strip_left", false);
    strip.addProperty("strip_right", true);
    steps.add(strip);
    JsonObject replace = new JsonObject();
    replace.addProperty("type", "Replace");
    JsonObject pattern = new JsonObject();
    pattern.addProperty("Regex", " {2,}");
    replace.add("pattern", pattern);
    replace.addProperty("content", SPACE);
    steps.add(replace);
    JsonObject seq = new JsonObject();
    seq.addProperty("type", "Sequence");
    seq.add("normalizers", steps);
    return seq;
  }

  private static JsonObject metaspace(String prependScheme) {
    JsonObject o = new JsonObject();
    o.addProperty("type", "Metaspace");
    o.addProperty("replacement", SPACE);
    o.addProperty("prepend_scheme", prependScheme);
    o.addProperty("split", true);
    return o;
  }

  private static JsonObject template() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "TemplateProcessing");
    JsonArray single = new JsonArray();
    single.add(sequence("A"));
    single.add(eos());
    JsonArray pair = new JsonArray();
    pair.add(sequence("A"));
    pair.add(eos());
    pair.add(sequence("B"));
    pair.add(eos());
    o.add("single", single);
    o.add("pair", pair);
    JsonObject token = new JsonObject();
    token.addProperty("id", "</s>");
    JsonArray ids = new JsonArray();
    ids.add(T5Tokenizer.EOS);
    token.add("ids", ids);
    JsonArray tokens = new JsonArray();
    tokens.add("</s>");
    token.add("tokens", tokens);
    JsonObject special = new JsonObject();
    special.add("</s>", token);
    o.add("special_tokens", special);
    return o;
  }

  private static JsonObject sequence(String id) {
    JsonObject inner = new JsonObject();
    inner.addProperty("id", id);
    inner.addProperty("type_id", 0);
    JsonObject o = new JsonObject();
    o.add("Sequence", inner);
    return o;
  }

  private static JsonObject eos() {
    JsonObject inner = new JsonObject();
    inner.addProperty("id", "</s>");
    inner.addProperty("type_id", 0);
    JsonObject o = new JsonObject();
    o.add("SpecialToken", inner);
    return o;
  }

  /** Scores widened from the file's float32 to double, as the conversion reads them. */
  private static JsonObject unigram(SentencePieceModel m, T5TokenizerConfig c) {
    JsonArray vocab = new JsonArray();
    for (Piece p : m.pieces()) {
      vocab.add(entry(p.piece(), p.score()));
    }
    for (int i = c.extraIds() - 1; i >= 0; i--) {
      vocab.add(entry(extraId(i), 0.0));
    }
    JsonObject o = new JsonObject();
    o.addProperty("type", "Unigram");
    o.addProperty("unk_id", m.unkId());
    o.add("vocab", vocab);
    o.addProperty("byte_fallback", false);
    return o;
  }

  private static JsonArray entry(String piece, double score) {
    JsonArray e = new JsonArray();
    e.add(piece);
    e.add(score);
    return e;
  }
}
