package dev.compactfusion.models.dit;

import ai.djl.ndarray.NDArray;

/**
 * One call of the attention hook: block {@code layer} at denoising step {@code step} (0-based),
 * with q, k, v of the local tokens, each [batch, heads, localTokens, headDim]. {@code tokens} is
 * the global token range these rows are.
 */
public record AttentionInput(int layer, int step, TokenRange tokens, NDArray q, NDArray k, NDArray v) {}
