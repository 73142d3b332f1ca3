package dev.compactfusion.models.diffusers.t5;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The SentencePiece-only tokenizer folders and their expected ids, written by
 * tools/reference/make_spiece_fixtures.py, and a T5-shaped model file built in the test.
 */
final class SpieceFixtures {
  /** The tiny vocabulary's folder (the pixart-tiny tokenizer.json's pieces, 3 extra ids). */
  static final String TINY = "reference/t5-spiece-tokenizer";
  /** A model SentencePiece trained with the nmt_nfkc rule (a real precompiled charsmap). */
  static final String NFKC = "reference/t5-spiece-nfkc";

  private SpieceFixtures() {}

  static Path resource(String name) {
    try {
      return Path.of(SpieceFixtures.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One prompt and what the tokenizer must give for it. */
  record Case(String prompt, int[] ids, int[] mask, String dropped) {}

  record Expected(int limit, List<Case> cases, List<Case> extraCases) {}

  static Expected expected(String file) {
    try {
      JsonObject o = JsonParser.parseString(Files.readString(resource(file))).getAsJsonObject();
      return new Expected(o.get("limit").getAsInt(), cases(o, "cases"), cases(o, "extra_cases"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Case> cases(JsonObject o, String key) {
    List<Case> out = new ArrayList<>();
    if (!o.has(key)) {
      return out;
    }
    for (JsonElement e : o.getAsJsonArray(key)) {
      JsonObject c = e.getAsJsonObject();
      out.add(new Case(c.get("prompt").getAsString(), ints(c, "ids"), ints(c, "mask"), c.get("dropped").getAsString()));
    }
    return out;
  }

  private static int[] ints(JsonObject c, String key) {
    return c.getAsJsonArray(key).asList().stream().mapToInt(JsonElement::getAsInt).toArray();
  }

  /**
   * A T5-shaped model file: {@code <pad>} 0 and {@code </s>} 1 (control), {@code <unk>} 2,
   * then {@code more} pieces, with {@code trainer} and {@code normalizer} specs.
   */
  static byte[] model(ProtoBytes trainer, ProtoBytes normalizer, ProtoBytes... more) {
    ProtoBytes m = new ProtoBytes().message(1, ProtoBytes.piece("<pad>", 0f, 3))
        .message(1, ProtoBytes.piece("</s>", 0f, 3)).message(1, ProtoBytes.piece("<unk>", 0f, 2));
    for (ProtoBytes p : more) {
      m.message(1, p);
    }
    return m.message(2, trainer).message(3, normalizer).toByteArray();
  }

  /** T5's trainer spec: Unigram, unk 2, no bos, eos 1, pad 0. */
  static ProtoBytes t5Trainer() {
    return new ProtoBytes().varint(3, 1).varint(40, 2).varint(41, -1).varint(42, 1).varint(43, 0);
  }
}
