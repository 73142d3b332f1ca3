/**
 * The diffusion transformer on DJL: weights layout, patch and positional embeddings, blocks, and
 * the {@link dev.compactfusion.models.dit.Attention} seam where a parallel run substitutes its
 * exchanged attention; {@code RandomInit} makes random-weight models. Knows one worker's tokens
 * only: nothing of other workers, communicators or codecs.
 */
package dev.compactfusion.models.dit;
