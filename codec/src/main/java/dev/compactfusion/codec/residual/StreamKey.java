package dev.compactfusion.codec.residual;

/**
 * Identifies a stream: layer, tensor kind ("k", "v", "q", "out"), origin rank, and destination
 * rank (-1 when one payload goes to every receiver, as in the patch all-gather and the ring).
 */
public record StreamKey(int layer, String tensor, int origin, int destination) {
  @Override
  public String toString() {
    return "layer " + layer + " " + tensor + " from rank " + origin
        + (destination >= 0 ? " to rank " + destination : "");
  }
}
