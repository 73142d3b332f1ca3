package dev.compactfusion.models.dit;

import ai.djl.ndarray.NDArray;

/**
 * The one place where tokens of different workers meet. The DiT calls this hook in every block
 * with the queries, keys and values of the tokens this worker holds; the engine supplies
 * implementations that fetch the other workers' keys and values (exactly, stale, or through
 * compressed residuals). The model itself knows nothing of other workers.
 */
public interface Attention {

  /**
   * @param in q, k, v of the local tokens, each [batch, heads, localTokens, headDim], float32
   * @return the attention output for the local queries over the whole sequence,
   *     [batch, heads, localTokens, headDim]
   */
  NDArray attend(AttentionInput in);
}
