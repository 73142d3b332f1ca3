package dev.compactfusion.models.generate;

/**
 * What the runtime needs of a model to split it: the token count, the attention heads (Ulysses
 * splits them), how many latent values each token carries (the width of a worker's slice) and the
 * transformer's depth in blocks (a pipeline splits those into stages).
 */
public record SequenceShape(int tokens, int heads, int valuesPerToken, int depth) {
  public SequenceShape {
    if (tokens < 1 || heads < 1 || valuesPerToken < 1 || depth < 1) {
      throw new IllegalArgumentException("sequence shape " + tokens + " tokens, " + heads + " heads, "
          + valuesPerToken + " values per token, " + depth + " blocks is not valid");
    }
  }
}
