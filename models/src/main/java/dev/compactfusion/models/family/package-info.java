/**
 * Which model family a {@code --model} names (an embedded-layout DiT, or a diffusers DiTPipeline
 * folder) and loading it behind {@code models.generate}'s seam. Kept apart from both families so
 * neither depends on the other.
 */
package dev.compactfusion.models.family;
