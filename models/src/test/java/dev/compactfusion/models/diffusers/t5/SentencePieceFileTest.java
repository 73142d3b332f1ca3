package dev.compactfusion.models.diffusers.t5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.t5.SentencePieceModel.PieceType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written ModelProto reader on the fixtures (one written by hand in Python, one
 * SentencePiece trained itself) and on files that must be refused, each in one line naming the
 * file and the fix.
 */
class SentencePieceFileTest {
  private static final String SOURCE = "x/spiece.model";

  @Test
  void readsTheTinyFixtureAsT5LaysItsFileOut() {
    SentencePieceModel m = SentencePieceFile.read(SpieceFixtures.resource(SpieceFixtures.TINY).resolve("spiece.model"));
    assertThat(m.pieces()).hasSize(57);
    assertThat(m.pieces().subList(0, 3)).extracting(SentencePieceModel.Piece::piece)
        .containsExactly("<pad>", "</s>", "<unk>");
    assertThat(m.pieces().subList(0, 4)).extracting(SentencePieceModel.Piece::type)
        .containsExactly(PieceType.CONTROL, PieceType.CONTROL, PieceType.UNKNOWN, PieceType.NORMAL);
    // t5_tokenizer.vocab(): "▁red" is the second word, -3.0 - 0.137; "z" the last letter, -9.0 - 25 * 0.071
    assertThat(m.pieces().get(4)).isEqualTo(new SentencePieceModel.Piece("▁red", -3.137f, PieceType.NORMAL));
    assertThat(m.pieces().get(56)).isEqualTo(new SentencePieceModel.Piece("z", -10.775f, PieceType.NORMAL));
    assertThat(m.modelType()).isEqualTo(SentencePieceModel.UNIGRAM);
    assertThat(new int[] {m.unkId(), m.bosId(), m.eosId(), m.padId()}).containsExactly(2, -1, 1, 0);
    assertThat(m.byteFallback()).isFalse();
    assertThat(m.precompiledCharsmap()).isEmpty();
    assertThat(new boolean[] {m.addDummyPrefix(), m.removeExtraWhitespaces(), m.escapeWhitespaces()})
        .containsExactly(true, true, true);
  }

  @Test
  void readsAModelSentencePieceWroteWithItsNfkcTable() {
    SentencePieceModel m = SentencePieceFile.read(SpieceFixtures.resource(SpieceFixtures.NFKC).resolve("spiece.model"));
    assertThat(m.pieces()).hasSize(48);
    assertThat(m.pieces().get(1).piece()).isEqualTo("</s>");
    assertThat(new int[] {m.unkId(), m.bosId(), m.eosId(), m.padId()}).containsExactly(2, -1, 1, 0);
    // nmt_nfkc's compiled table: a length-prefixed trie then the normalized strings
    assertThat(m.precompiledCharsmap().length).isGreaterThan(100_000);
  }

  @Test
  void absentFieldsTakeTheProtosDefaults() {
    byte[] bytes = new ProtoBytes().message(1, new ProtoBytes().string(1, "<unk>")).toByteArray();
    SentencePieceModel m = SentencePieceFile.parse(bytes, SOURCE);
    assertThat(m.pieces().get(0)).isEqualTo(new SentencePieceModel.Piece("<unk>", 0f, PieceType.NORMAL));
    assertThat(new int[] {m.modelType(), m.unkId(), m.bosId(), m.eosId(), m.padId()}).containsExactly(1, 0, 1, 2, -1);
    assertThat(new boolean[] {m.addDummyPrefix(), m.removeExtraWhitespaces(), m.escapeWhitespaces()})
        .containsExactly(true, true, true);
  }

  @Test
  void bpeAndOtherModelTypesAreRefusedNamingTheFix() {
    for (int type : new int[] {2, 3, 4}) {
      ProtoBytes trainer = SpieceFixtures.t5Trainer().varint(3, type); // the last value wins, as in protobuf
      byte[] bytes = SpieceFixtures.model(trainer, new ProtoBytes());
      assertThatThrownBy(() -> SentencePieceFile.parse(bytes, SOURCE)).isInstanceOf(CheckpointException.class)
          .hasMessageStartingWith(SOURCE + ": SentencePiece model_type " + type)
          .hasMessageContaining("only Unigram").hasMessageContaining("tokenizer.json")
          .hasMessageContaining("--prompt-embeds").hasMessageNotContaining("\n");
    }
    byte[] bpe = SpieceFixtures.model(SpieceFixtures.t5Trainer().varint(3, 2), new ProtoBytes());
    assertThatThrownBy(() -> SentencePieceFile.parse(bpe, SOURCE)).hasMessageContaining("(BPE)");
  }

  @Test
  void truncatedFilesAreRefused() throws IOException {
    byte[] whole = Files.readAllBytes(SpieceFixtures.resource(SpieceFixtures.TINY).resolve("spiece.model"));
    // one byte short: the normalizer spec's length runs past the end; 10 bytes: inside the first piece
    for (int keep : new int[] {whole.length - 1, 10}) {
      byte[] cut = Arrays.copyOf(whole, keep);
      assertThatThrownBy(() -> SentencePieceFile.parse(cut, SOURCE)).as("first %d bytes", keep)
          .isInstanceOf(CheckpointException.class)
          .hasMessageStartingWith(SOURCE + ": not a SentencePiece model (")
          .hasMessageContaining("runs past the end").hasMessageContaining("tokenizer.json");
    }
    // the first piece's key and no length; a varint whose continuation bit promises a byte that is not there
    assertThatThrownBy(() -> SentencePieceFile.parse(Arrays.copyOf(whole, 1), SOURCE))
        .hasMessageContaining("varint cut off at byte 1");
    assertThatThrownBy(() -> SentencePieceFile.parse(new byte[] {(byte) 0x8a}, SOURCE))
        .hasMessageContaining("varint cut off at byte 1");
  }

  @Test
  void filesThatAreNotModelsAreRefused() {
    // a JSON file: '{' is field 15 with wire type 3, a group
    assertThatThrownBy(() -> SentencePieceFile.parse("{\"model\": {}}".getBytes(StandardCharsets.UTF_8), SOURCE))
        .isInstanceOf(CheckpointException.class).hasMessageContaining("wire type 3");
    assertThatThrownBy(() -> SentencePieceFile.parse(new byte[0], SOURCE)).hasMessageContaining("no pieces");
    // a score written as a varint instead of a float
    byte[] varintScore = new ProtoBytes().message(1, new ProtoBytes().string(1, "a").varint(2, 3)).toByteArray();
    assertThatThrownBy(() -> SentencePieceFile.parse(varintScore, SOURCE))
        .hasMessageContaining("piece 0: score has wire type 0");
    byte[] badType = new ProtoBytes().message(1, ProtoBytes.piece("a", 0f, 9)).toByteArray();
    assertThatThrownBy(() -> SentencePieceFile.parse(badType, SOURCE)).hasMessageContaining("piece type 9");
    byte[] notUtf8 = new ProtoBytes().message(1, new ProtoBytes().bytes(1, new byte[] {(byte) 0xc3})).toByteArray();
    assertThatThrownBy(() -> SentencePieceFile.parse(notUtf8, SOURCE)).hasMessageContaining("not UTF-8");
    byte[] empty = new ProtoBytes().message(1, new ProtoBytes().string(1, "")).toByteArray();
    assertThatThrownBy(() -> SentencePieceFile.parse(empty, SOURCE)).hasMessageContaining("a piece is empty");
    byte[] nan = new ProtoBytes().message(1, ProtoBytes.piece("a", Float.NaN, 1)).toByteArray();
    assertThatThrownBy(() -> SentencePieceFile.parse(nan, SOURCE)).hasMessageContaining("score NaN");
    byte[] unk = SpieceFixtures.model(SpieceFixtures.t5Trainer().varint(40, 7), new ProtoBytes());
    assertThatThrownBy(() -> SentencePieceFile.parse(unk, SOURCE)).hasMessageContaining("unk_id 7 is outside the 3");
  }

  @Test
  void anUnreadableFileNamesIt(@TempDir Path tmp) {
    Path dir = tmp.resolve("spiece.model");
    assertThatThrownBy(() -> SentencePieceFile.read(dir)).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(dir + ": cannot read");
  }
}
