package dev.compactfusion.models.data;

/** Motion directions of the video set, in vocabulary order; dx, dy in image axes (rows grow down). */
public enum Direction {
  LEFT("moving left", -1, 0),
  RIGHT("moving right", 1, 0),
  UP("moving up", 0, -1),
  DOWN("moving down", 0, 1);

  private final String phrase;
  private final int dx;
  private final int dy;

  Direction(String phrase, int dx, int dy) {
    this.phrase = phrase;
    this.dx = dx;
    this.dy = dy;
  }

  /** The words of the prompt that name this direction, e.g. "moving left". */
  public String phrase() {
    return phrase;
  }

  public int dx() {
    return dx;
  }

  public int dy() {
    return dy;
  }
}
