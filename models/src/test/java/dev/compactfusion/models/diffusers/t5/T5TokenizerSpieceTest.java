package dev.compactfusion.models.diffusers.t5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.models.diffusers.format.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders with only spiece.model, through DJL's Hugging Face binding: the tiny vocabulary gives
 * the ids of the reference's own Viterbi encoder and of the pixart-tiny tokenizer.json holding the
 * same pieces; a model SentencePiece trained with nmt_nfkc gives SentencePiece's own ids, its
 * charsmap applied by the library.
 */
class T5TokenizerSpieceTest {
  @TempDir Path tmp;

  private static void assertGives(T5Tokenizer t, SpieceFixtures.Case c) {
    T5Tokenizer.Tokens got = t.encode(c.prompt());
    assertThat(got.ids()).as("ids of \"%s\"", c.prompt()).containsExactly(c.ids());
    assertThat(got.mask()).as("mask of \"%s\"", c.prompt()).containsExactly(c.mask());
    assertThat(got.dropped()).as("dropped of \"%s\"", c.prompt()).isEqualTo(c.dropped());
  }

  @Test
  void spieceFolderGivesTheReferenceIds() {
    SpieceFixtures.Expected e = SpieceFixtures.expected("reference/t5-spiece-tokens.json");
    assertThat(e.cases()).hasSize(10);
    assertThat(e.cases().get(e.cases().size() - 1).dropped()).isNotEmpty(); // one prompt is cut
    try (T5Tokenizer t = T5Tokenizer.open(SpieceFixtures.resource(SpieceFixtures.TINY), e.limit())) {
      for (SpieceFixtures.Case c : e.cases()) {
        assertGives(t, c);
      }
      // the 3 sentinels are tokens with the ids the conversion gives them (<extra_id_0> last)
      for (SpieceFixtures.Case c : e.extraCases()) {
        assertGives(t, c);
      }
    }
  }

  @Test
  void spieceFolderAndTheSamePiecesInTokenizerJsonAgree() {
    SpieceFixtures.Expected e = SpieceFixtures.expected("reference/t5-spiece-tokens.json");
    Path json = SpieceFixtures.resource("reference/pixart-tiny/tokenizer");
    try (T5Tokenizer spiece = T5Tokenizer.open(SpieceFixtures.resource(SpieceFixtures.TINY), e.limit());
        T5Tokenizer hf = T5Tokenizer.open(json, e.limit())) {
      for (SpieceFixtures.Case c : e.cases()) {
        T5Tokenizer.Tokens a = spiece.encode(c.prompt());
        T5Tokenizer.Tokens b = hf.encode(c.prompt());
        assertThat(a.ids()).as("\"%s\"", c.prompt()).containsExactly(b.ids());
        assertThat(a.mask()).as("\"%s\"", c.prompt()).containsExactly(b.mask());
        assertThat(a.dropped()).as("\"%s\"", c.prompt()).isEqualTo(b.dropped());
      }
    }
  }

  @Test
  void nfkcCharsmapGivesSentencePiecesOwnIds() {
    SpieceFixtures.Expected e = SpieceFixtures.expected("reference/t5-spiece-nfkc-tokens.json");
    assertThat(e.cases()).hasSize(6);
    try (T5Tokenizer t = T5Tokenizer.open(SpieceFixtures.resource(SpieceFixtures.NFKC), e.limit())) {
      for (SpieceFixtures.Case c : e.cases()) {
        assertGives(t, c);
      }
    }
  }

  @Test
  void tokenizerJsonIsPreferredWhenBothAreThere() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("both"));
    Path tiny = SpieceFixtures.resource(SpieceFixtures.TINY);
    for (String f : new String[] {"spiece.model", "tokenizer_config.json", "added_tokens.json"}) {
      Files.copy(tiny.resolve(f), dir.resolve(f));
    }
    Path json = SpieceFixtures.resource("reference/pixart-tiny/tokenizer/tokenizer.json");
    Files.copy(json, dir.resolve("tokenizer.json"));
    try (T5Tokenizer t = T5Tokenizer.open(dir, 12)) {
      // that tokenizer.json has no sentinels, so <extra_id_0> is spelled out in pieces
      assertThat(t.encode("<extra_id_0>").length()).isGreaterThan(2);
    }
  }

  @Test
  void aFolderWithNeitherFileIsOneLineWithTheFix() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> T5Tokenizer.open(dir, 12)).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(dir + ": no tokenizer.json and no spiece.model")
        .hasMessageContaining("save_pretrained").hasMessageContaining("--prompt-embeds")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aBrokenSpieceModelIsOneLineNamingIt() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(dir.resolve("spiece.model"), "{\"not\": \"a model\"}");
    assertThatThrownBy(() -> T5Tokenizer.open(dir, 12)).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(dir.resolve("spiece.model") + ": not a SentencePiece model")
        .hasMessageNotContaining("\n");
  }
}
