/**
 * Opening a diffusers DiTPipeline folder (facebook/DiT-XL-2-256 / -512 layout): the model index,
 * the component configs and their weights, tied together in {@link
 * dev.compactfusion.models.diffusers.DitPipelineFolder}.
 *
 * <p>Must not know the engine, workers, parallel strategies or the CLI; it only finds files and
 * hands them to the component packages.
 */
package dev.compactfusion.models.diffusers;
