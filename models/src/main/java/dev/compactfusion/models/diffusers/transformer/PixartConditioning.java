package dev.compactfusion.models.diffusers.transformer;

import ai.djl.ndarray.NDArray;

/**
 * PixArt's adaLN-single conditioning for one batch: {@code modulation} [B, 6, width] is the one
 * global projection every block adds its own scale_shift_table to; {@code embedded} [B, width]
 * is the timestep embedding before that projection, which the output layer uses directly.
 */
public record PixartConditioning(NDArray modulation, NDArray embedded) {}
