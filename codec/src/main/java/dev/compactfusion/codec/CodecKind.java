package dev.compactfusion.codec;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The codec families; the id is what a payload header carries on the wire. */
public enum CodecKind {
  NONE("none", 0, false),
  FP16("fp16", 1, false),
  INT8("int8", 2, false),
  INT4("int4", 3, false),
  ONE_BIT("1bit", 4, false),
  TWO_BIT("2bit", 5, false),
  LOW_RANK("lowrank", 6, true),
  LOW_RANK_Q("lowrankq", 7, true),
  TOP_K("topk", 8, true);

  private final String label;
  private final int id;
  private final boolean parameterised;

  CodecKind(String label, int id, boolean parameterised) {
    this.label = label;
    this.id = id;
    this.parameterised = parameterised;
  }

  public String label() {
    return label;
  }

  public int id() {
    return id;
  }

  public boolean parameterised() {
    return parameterised;
  }

  public static CodecKind byId(int id) {
    for (CodecKind k : values()) {
      if (k.id == id) {
        return k;
      }
    }
    return null;
  }

  static CodecKind byLabel(String label) {
    for (CodecKind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    return null;
  }

  /** "none, fp16, ..., lowrank:R, lowrankq:R, topk:F" for error messages and help texts. */
  public static String known() {
    return Arrays.stream(values())
        .map(k -> k == TOP_K ? k.label + ":F" : k.parameterised ? k.label + ":R" : k.label)
        .collect(Collectors.joining(", "));
  }
}
