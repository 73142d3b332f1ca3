package dev.compactfusion.engine.exchange;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Attention of this worker's queries over every token of its group, exchanging what it must:
 * q, k, v are [batch, heads, tokens, headDim] of the tokens this worker holds at this point.
 * Ulysses nests another one inside (local attention, or a ring for usp).
 */
interface HeadExchange {
  NDArray attend(NDArray q, NDArray k, NDArray v, int layer, int step, NDManager scope);

  /** No exchange: the worker holds every token. */
  HeadExchange LOCAL = (q, k, v, layer, step, scope) -> BlockAttention.attend(q, k, v);
}
