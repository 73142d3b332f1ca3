package dev.compactfusion.comms.transport;

/**
 * Names one exchange: its kind (e.g. "kv", "ulysses-qkv", "ring", "gather-final"), the layer and
 * step it belongs to, and an index for several exchanges of the same kind in one layer-step
 * (e.g. the ring hop). Statistics are kept per kind.
 */
public record Tag(String kind, int layer, int step, int index) {
  public Tag {
    if (kind == null || kind.isEmpty() || kind.length() > 64) {
      throw new IllegalArgumentException("tag kind must be 1..64 characters, got '" + kind + "'");
    }
  }

  public static Tag of(String kind) {
    return new Tag(kind, 0, 0, 0);
  }

  @Override
  public String toString() {
    return kind + "[layer " + layer + ", step " + step + ", #" + index + "]";
  }
}
