package dev.compactfusion.models.diffusers.transformer;

import ai.djl.ndarray.NDArray;

/**
 * The caption tokens the cross-attention reads: {@code tokens} [B, L, width] after the caption
 * projection, {@code bias} [B, 1, 1, L] the padding mask as an additive bias (0 kept, −10000
 * dropped, as diffusers converts it). Every worker computes this from the replicated prompt
 * embeddings; it never crosses the wire.
 */
public record PixartCaption(NDArray tokens, NDArray bias) {}
