package dev.compactfusion.models.diffusers.t5;

import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.t5.SentencePieceModel.Piece;
import dev.compactfusion.models.diffusers.t5.SentencePieceModel.PieceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a SentencePiece {@code spiece.model} (a serialized {@code ModelProto}, field numbers as
 * in sentencepiece_model.proto) without a protobuf library: pieces (field 1: piece 1, score 2,
 * type 3), trainer_spec (2: model_type 3, byte_fallback 35, unk/bos/eos/pad ids 40..43) and
 * normalizer_spec (3: precompiled_charsmap 2, add_dummy_prefix 3, remove_extra_whitespaces 4,
 * escape_whitespaces 5). Other fields are skipped. Only Unigram models (T5's) are accepted; a
 * malformed file or another model type is a one-line {@link CheckpointException} naming the file.
 */
final class SentencePieceFile {
  private static final String FIX = "; give the folder a tokenizer.json (transformers'"
      + " AutoTokenizer.from_pretrained(DIR).save_pretrained(DIR) writes one) or pass --prompt-embeds";

  private SentencePieceFile() {}

  static SentencePieceModel read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CheckpointException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    return parse(bytes, file.toString());
  }

  /** {@code source} names the bytes in errors. */
  static SentencePieceModel parse(byte[] bytes, String source) {
    SentencePieceModel m;
    try {
      m = model(new ProtoReader(bytes));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(source + ": not a SentencePiece model (" + e.getMessage() + ")" + FIX, e);
    }
    if (m.modelType() != SentencePieceModel.UNIGRAM) {
      throw new CheckpointException(source + ": SentencePiece model_type " + m.modelType() + " ("
          + typeName(m.modelType()) + "); only Unigram (1, as T5's) is read here" + FIX);
    }
    return m;
  }

  private static SentencePieceModel model(ProtoReader r) {
    List<Piece> pieces = new ArrayList<>();
    Trainer t = new Trainer();
    Normalizer n = new Normalizer();
    while (r.more()) {
      switch (r.field()) {
        case 1 -> {
          r.expect(ProtoReader.LENGTH_DELIMITED, "pieces");
          pieces.add(piece(r.message(), pieces.size()));
        }
        case 2 -> {
          r.expect(ProtoReader.LENGTH_DELIMITED, "trainer_spec");
          trainer(r.message(), t);
        }
        case 3 -> {
          r.expect(ProtoReader.LENGTH_DELIMITED, "normalizer_spec");
          normalizer(r.message(), n);
        }
        default -> r.skip();
      }
    }
    return new SentencePieceModel(pieces, t.modelType, t.unkId, t.bosId, t.eosId, t.padId, t.byteFallback,
        n.charsmap, n.addDummyPrefix, n.removeExtraWhitespaces, n.escapeWhitespaces);
  }

  private static Piece piece(ProtoReader r, int id) {
    String piece = null;
    float score = 0f;
    int type = PieceType.NORMAL.number;
    try {
      while (r.more()) {
        switch (r.field()) {
          case 1 -> {
            r.expect(ProtoReader.LENGTH_DELIMITED, "piece");
            piece = r.string();
          }
          case 2 -> {
            r.expect(ProtoReader.FIXED32, "score");
            score = r.float32();
          }
          case 3 -> {
            r.expect(ProtoReader.VARINT, "type");
            type = r.int32();
          }
          default -> r.skip();
        }
      }
      return new Piece(piece == null ? "" : piece, score, PieceType.of(type));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("piece " + id + ": " + e.getMessage(), e);
    }
  }

  /** trainer_spec's defaults, as the proto declares them. */
  private static final class Trainer {
    int modelType = SentencePieceModel.UNIGRAM;
    int unkId = 0;
    int bosId = 1;
    int eosId = 2;
    int padId = -1;
    boolean byteFallback;
  }

  private static void trainer(ProtoReader r, Trainer t) {
    while (r.more()) {
      int field = r.field();
      if (field == 3 || field == 35 || (field >= 40 && field <= 43)) {
        r.expect(ProtoReader.VARINT, "trainer_spec field " + field);
      }
      switch (field) {
        case 3 -> t.modelType = r.int32();
        case 35 -> t.byteFallback = r.bool();
        case 40 -> t.unkId = r.int32();
        case 41 -> t.bosId = r.int32();
        case 42 -> t.eosId = r.int32();
        case 43 -> t.padId = r.int32();
        default -> r.skip();
      }
    }
  }

  /** normalizer_spec's defaults: no charsmap, the three whitespace rules on. */
  private static final class Normalizer {
    byte[] charsmap = new byte[0];
    boolean addDummyPrefix = true;
    boolean removeExtraWhitespaces = true;
    boolean escapeWhitespaces = true;
  }

  private static void normalizer(ProtoReader r, Normalizer n) {
    while (r.more()) {
      int field = r.field();
      switch (field) {
        case 2 -> {
          r.expect(ProtoReader.LENGTH_DELIMITED, "precompiled_charsmap");
          n.charsmap = r.bytes();
        }
        case 3, 4, 5 -> {
          r.expect(ProtoReader.VARINT, "normalizer_spec field " + field);
          boolean v = r.bool();
          if (field == 3) {
            n.addDummyPrefix = v;
          } else if (field == 4) {
            n.removeExtraWhitespaces = v;
          } else {
            n.escapeWhitespaces = v;
          }
        }
        default -> r.skip();
      }
    }
  }

  private static String typeName(int modelType) {
    return switch (modelType) {
      case 2 -> "BPE";
      case 3 -> "word";
      case 4 -> "char";
      default -> "unknown";
    };
  }
}
