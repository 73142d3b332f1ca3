package dev.compactfusion.models.diffusers.t5;

import java.util.List;

/**
 * What a tokenizer needs of a SentencePiece {@code ModelProto} (the {@code spiece.model} file):
 * the pieces in id order and the trainer and normalizer settings, with the file's defaults for
 * absent fields (Unigram, unk 0, bos 1, eos 2, no pad, the three whitespace rules on).
 *
 * @param modelType trainer_spec.model_type: 1 Unigram, 2 BPE, 3 word, 4 char
 * @param bosId -1 when the model has none (as T5's)
 * @param precompiledCharsmap normalizer_spec.precompiled_charsmap, empty when absent
 */
record SentencePieceModel(List<Piece> pieces, int modelType, int unkId, int bosId, int eosId, int padId,
    boolean byteFallback, byte[] precompiledCharsmap, boolean addDummyPrefix, boolean removeExtraWhitespaces,
    boolean escapeWhitespaces) {
  static final int UNIGRAM = 1;

  SentencePieceModel {
    pieces = List.copyOf(pieces);
    precompiledCharsmap = precompiledCharsmap.clone();
    if (pieces.isEmpty()) {
      throw new IllegalArgumentException("no pieces");
    }
    if (unkId < 0 || unkId >= pieces.size()) {
      throw new IllegalArgumentException("unk_id " + unkId + " is outside the " + pieces.size() + " pieces");
    }
  }

  /** A vocabulary entry; {@code score} is the Unigram log-probability. */
  record Piece(String piece, float score, PieceType type) {
    Piece {
      if (piece.isEmpty()) {
        throw new IllegalArgumentException("a piece is empty");
      }
      if (!Float.isFinite(score)) {
        throw new IllegalArgumentException("piece \"" + piece + "\" has score " + score);
      }
    }
  }

  /** SentencePiece.Type, with its numbers in the proto. */
  enum PieceType {
    NORMAL(1), UNKNOWN(2), CONTROL(3), USER_DEFINED(4), UNUSED(5), BYTE(6);

    final int number;

    PieceType(int number) {
      this.number = number;
    }

    static PieceType of(int number) {
      for (PieceType t : values()) {
        if (t.number == number) {
          return t;
        }
      }
      throw new IllegalArgumentException("piece type " + number + " is none of SentencePiece's (1..6)");
    }
  }

  /** The id of {@code piece} (the first, should it occur twice), or -1. */
  int id(String piece) {
    for (int i = 0; i < pieces.size(); i++) {
      if (pieces.get(i).piece().equals(piece)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public byte[] precompiledCharsmap() {
    return precompiledCharsmap.clone();
  }
}
