package dev.compactfusion.codec;

import java.util.Locale;

/**
 * A codec and its parameter, as written on a command line: {@code 1bit}, {@code lowrank:8},
 * {@code topk:0.05}. {@code rank} is used by lowrank/lowrankq, {@code fraction} by topk; both are
 * zero otherwise.
 */
public record CodecSpec(CodecKind kind, int rank, double fraction) {

  public static final int MAX_RANK = 1024;

  public CodecSpec {
    if (kind == null) {
      throw new IllegalArgumentException("codec kind is null");
    }
    switch (kind) {
      case LOW_RANK, LOW_RANK_Q -> {
        if (rank < 1 || rank > MAX_RANK) {
          throw new IllegalArgumentException(
              kind.label() + " rank must be 1.." + MAX_RANK + ", got " + rank + " (e.g. " + kind.label() + ":8)");
        }
        if (fraction != 0) {
          throw new IllegalArgumentException(kind.label() + " takes no fraction");
        }
      }
      case TOP_K -> {
        if (!(fraction > 0 && fraction <= 1)) {
          throw new IllegalArgumentException("topk fraction must be in (0, 1], got " + fraction + " (e.g. topk:0.05)");
        }
        if (rank != 0) {
          throw new IllegalArgumentException("topk takes no rank");
        }
      }
      default -> {
        if (rank != 0 || fraction != 0) {
          throw new IllegalArgumentException(kind.label() + " takes no parameter");
        }
      }
    }
  }

  public static CodecSpec of(CodecKind kind) {
    return new CodecSpec(kind, 0, 0);
  }

  /**
   * Parses "1bit", "2bit", "int8", "int4", "lowrank:R", "lowrankq:R", "topk:F", "fp16", "none".
   *
   * @throws IllegalArgumentException naming the known codecs or the bad parameter
   */
  public static CodecSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty codec name; known codecs: " + CodecKind.known());
    }
    String s = text.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String name = colon < 0 ? s : s.substring(0, colon);
    String param = colon < 0 ? null : s.substring(colon + 1);
    CodecKind kind = CodecKind.byLabel(name);
    if (kind == null) {
      throw new IllegalArgumentException("unknown codec '" + text + "'; known codecs: " + CodecKind.known());
    }
    if (!kind.parameterised()) {
      if (param != null) {
        throw new IllegalArgumentException("codec " + name + " takes no parameter, got '" + text + "'");
      }
      return of(kind);
    }
    if (param == null || param.isEmpty()) {
      throw new IllegalArgumentException("codec " + name + " needs a parameter, e.g. "
          + (kind == CodecKind.TOP_K ? "topk:0.05" : name + ":8"));
    }
    try {
      return kind == CodecKind.TOP_K
          ? new CodecSpec(kind, 0, Double.parseDouble(param))
          : new CodecSpec(kind, Integer.parseInt(param), 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("codec " + name + ": '" + param + "' is not a "
          + (kind == CodecKind.TOP_K ? "fraction, e.g. topk:0.05" : "whole number, e.g. " + name + ":8"));
    }
  }

  /** The parameter as carried in a payload header (rank, or the fraction's float bits). */
  public int wireParam() {
    return switch (kind) {
      case LOW_RANK, LOW_RANK_Q -> rank;
      case TOP_K -> Float.floatToIntBits((float) fraction);
      default -> 0;
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case LOW_RANK, LOW_RANK_Q -> kind.label() + ":" + rank;
      case TOP_K -> kind.label() + ":" + fraction;
      default -> kind.label();
    };
  }
}
