package dev.compactfusion.models.prompt;

import java.util.Arrays;

/**
 * What a prompt asks for: one conditioning id per vocabulary attribute. Id 0 is the attribute's null
 * entry (nothing asked); word i of the attribute is id i + 1. The all-null condition is what the
 * unconditional branch of classifier-free guidance uses.
 */
public record Condition(int[] ids) {
  public static final int NULL_ID = 0;

  public Condition {
    ids = ids.clone();
    if (Arrays.stream(ids).anyMatch(i -> i < 0)) {
      throw new IllegalArgumentException("condition ids must be >= 0, got " + Arrays.toString(ids));
    }
  }

  public static Condition unconditional(int attributes) {
    return new Condition(new int[attributes]);
  }

  @Override
  public int[] ids() {
    return ids.clone();
  }

  public int id(int attribute) {
    return ids[attribute];
  }

  public int attributes() {
    return ids.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition c && Arrays.equals(ids, c.ids);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids);
  }

  @Override
  public String toString() {
    return "Condition" + Arrays.toString(ids);
  }
}
