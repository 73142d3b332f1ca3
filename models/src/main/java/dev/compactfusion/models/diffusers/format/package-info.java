/**
 * Model-independent pieces of the diffusers file format: JSON configs with one-line errors, the
 * manifest a checkpoint is checked against, and the checkpoint error itself.
 *
 * <p>Must not know any particular model (DiT, VAE) or sampler; those build their manifests and
 * read their configs on top of this.
 */
package dev.compactfusion.models.diffusers.format;
