/**
 * A small convolutional classifier of the procedural images' attributes, its training and its
 * spec, used to score generated samples (CLIP-like attribute accuracy). Nothing of other workers
 * or parallel runs.
 */
package dev.compactfusion.models.classify;
