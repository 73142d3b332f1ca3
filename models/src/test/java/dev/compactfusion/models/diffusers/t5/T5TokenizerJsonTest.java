package dev.compactfusion.models.diffusers.t5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer.json built from a SentencePiece model, read back as JSON: the conversion's
 * vocabulary order, added tokens, normalizer (a charsmap carried verbatim), Metaspace settings
 * and template; and the models and folders whose layout the T5 tokenizer cannot use.
 */
class T5TokenizerJsonTest {
  private static final String SOURCE = "x/spiece.model";
  private static final T5TokenizerConfig THREE = new T5TokenizerConfig(3, true, true, Map.of());

  private static JsonObject built(byte[] model, T5TokenizerConfig config) {
    String json = T5TokenizerJson.json(SentencePieceFile.parse(model, SOURCE), config, SOURCE);
    return JsonParser.parseString(json).getAsJsonObject();
  }

  private static byte[] withNormalizer(ProtoBytes normalizer) {
    return SpieceFixtures.model(SpieceFixtures.t5Trainer(), normalizer, ProtoBytes.piece("▁a", -3.137f, 1),
        ProtoBytes.piece("<sep>", 0f, 4), ProtoBytes.piece("b", -9.5f, 1));
  }

  private static List<String> types(JsonArray steps) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : steps) {
      out.add(e.getAsJsonObject().get("type").getAsString());
    }
    return out;
  }

  @Test
  void aCharsmapIsCarriedVerbatimInBase64BeforeStripAndSpaceRuns() {
    byte[] charsmap = new byte[300];
    for (int i = 0; i < charsmap.length; i++) {
      charsmap[i] = (byte) (i * 37 + 11);
    }
    JsonObject n = built(withNormalizer(new ProtoBytes().string(1, "nmt_nfkc").bytes(2, charsmap)), THREE)
        .getAsJsonObject("normalizer");
    assertThat(n.get("type").getAsString()).isEqualTo("Sequence");
    JsonArray steps = n.getAsJsonArray("normalizers");
    assertThat(types(steps)).containsExactly("Precompiled", "Strip", "Replace");
    String base64 = steps.get(0).getAsJsonObject().get("precompiled_charsmap").getAsString();
    assertThat(base64).isEqualTo(Base64.getEncoder().encodeToString(charsmap));
    assertThat(Base64.getDecoder().decode(base64)).containsExactly(charsmap);
    JsonObject strip = steps.get(1).getAsJsonObject();
    assertThat(strip.get("strip_left").getAsBoolean()).isFalse();
    assertThat(strip.get("strip_right").getAsBoolean()).isTrue();
    JsonObject replace = steps.get(2).getAsJsonObject();
    assertThat(replace.getAsJsonObject("pattern").get("Regex").getAsString()).isEqualTo(" {2,}");
    assertThat(replace.get("content").getAsString()).isEqualTo("▁");
  }

  @Test
  void withoutACharsmapThereIsNoPrecompiledStep() {
    JsonObject n = built(withNormalizer(new ProtoBytes().string(1, "identity")), THREE).getAsJsonObject("normalizer");
    assertThat(types(n.getAsJsonArray("normalizers"))).containsExactly("Strip", "Replace");
  }

  @Test
  void vocabularyIsThePiecesThenTheSentinelsFromTheLast() {
    JsonObject model = built(withNormalizer(new ProtoBytes()), THREE).getAsJsonObject("model");
    assertThat(model.get("type").getAsString()).isEqualTo("Unigram");
    assertThat(model.get("unk_id").getAsInt()).isEqualTo(2);
    assertThat(model.get("byte_fallback").getAsBoolean()).isFalse();
    JsonArray vocab = model.getAsJsonArray("vocab");
    List<String> pieces = new ArrayList<>();
    for (JsonElement e : vocab) {
      pieces.add(e.getAsJsonArray().get(0).getAsString());
    }
    assertThat(pieces).containsExactly("<pad>", "</s>", "<unk>", "▁a", "<sep>", "b", "<extra_id_2>", "<extra_id_1>",
        "<extra_id_0>");
    // the file's float32 score widened to double, not re-rounded to the decimal written in Python
    assertThat(vocab.get(3).getAsJsonArray().get(1).getAsDouble()).isEqualTo((double) -3.137f).isNotEqualTo(-3.137);
    assertThat(vocab.get(8).getAsJsonArray().get(1).getAsDouble()).isZero();
  }

  @Test
  void addedTokensAreControlUnknownUserDefinedAndSentinels() {
    JsonArray added = built(withNormalizer(new ProtoBytes()), THREE).getAsJsonArray("added_tokens");
    List<String> rows = new ArrayList<>();
    for (JsonElement e : added) {
      JsonObject t = e.getAsJsonObject();
      assertThat(t.get("normalized").getAsBoolean()).isFalse();
      assertThat(t.get("lstrip").getAsBoolean() || t.get("rstrip").getAsBoolean()
          || t.get("single_word").getAsBoolean()).isFalse();
      rows.add(t.get("id").getAsInt() + " " + t.get("content").getAsString() + " " + t.get("special").getAsBoolean());
    }
    assertThat(rows).containsExactly("0 <pad> true", "1 </s> true", "2 <unk> true", "4 <sep> false",
        "6 <extra_id_2> true", "7 <extra_id_1> true", "8 <extra_id_0> true");
  }

  @Test
  void metaspaceTemplateAndPrependSchemeFollowTheConfig() {
    JsonObject j = built(withNormalizer(new ProtoBytes()), THREE);
    for (String part : new String[] {"pre_tokenizer", "decoder"}) {
      JsonObject m = j.getAsJsonObject(part);
      assertThat(m.get("type").getAsString()).isEqualTo("Metaspace");
      assertThat(m.get("replacement").getAsString()).isEqualTo("▁");
      assertThat(m.get("prepend_scheme").getAsString()).isEqualTo("always");
      assertThat(m.get("split").getAsBoolean()).isTrue();
    }
    JsonObject post = j.getAsJsonObject("post_processor");
    assertThat(post.get("type").getAsString()).isEqualTo("TemplateProcessing");
    assertThat(post.getAsJsonArray("single").toString())
        .isEqualTo("[{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},{\"SpecialToken\":{\"id\":\"</s>\",\"type_id\":0}}]");
    assertThat(post.getAsJsonObject("special_tokens").getAsJsonObject("</s>").getAsJsonArray("ids").toString())
        .isEqualTo("[1]");
    assertThat(j.has("truncation") && j.get("truncation").isJsonNull()).isTrue();
    byte[] model = withNormalizer(new ProtoBytes());
    assertThat(built(model, new T5TokenizerConfig(0, false, true, Map.of())).getAsJsonObject("pre_tokenizer")
        .get("prepend_scheme").getAsString()).isEqualTo("first");
    assertThat(built(model, new T5TokenizerConfig(0, true, false, Map.of())).getAsJsonObject("decoder")
        .get("prepend_scheme").getAsString()).isEqualTo("never");
  }

  @Test
  void aModelNotLaidOutAsT5sIsRefused() {
    ProtoBytes noPad = new ProtoBytes().varint(3, 1).varint(40, 2).varint(42, 1);
    byte[] bytes = SpieceFixtures.model(noPad, new ProtoBytes());
    assertThatThrownBy(() -> built(bytes, THREE)).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(SOURCE + ": </s> is id 1 and pad_id is -1, not T5's </s> 1 and <pad> 0")
        .hasMessageContaining("tokenizer.json");
  }

  @Test
  void addedTokensJsonMustAgreeWithTheIdsTheConversionGives() {
    byte[] model = withNormalizer(new ProtoBytes());
    assertThat(built(model, new T5TokenizerConfig(3, true, true, Map.of("<extra_id_0>", 8, "<sep>", 4)))).isNotNull();
    assertThatThrownBy(() -> built(model, new T5TokenizerConfig(3, true, true, Map.of("<extra_id_0>", 6))))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("added_tokens.json gives \"<extra_id_0>\" id 6, where spiece.model and 3 extra ids have"
            + " \"<extra_id_2>\"");
    assertThatThrownBy(() -> built(model, new T5TokenizerConfig(3, true, true, Map.of("<new>", 9))))
        .hasMessageContaining("have no token");
  }
}
