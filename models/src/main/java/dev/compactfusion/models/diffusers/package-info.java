/**
 * Opening a diffusers pipeline folder: which family it is ({@link
 * dev.compactfusion.models.diffusers.PipelineFamily}), then the model index, the component
 * configs and their weights, tied together in {@link
 * dev.compactfusion.models.diffusers.DitPipelineFolder} (facebook/DiT-XL-2-256 / -512 layout) or
 * {@link dev.compactfusion.models.diffusers.PixartPipelineFolder} (PixArt-α).
 *
 * <p>Must not know the engine, workers, parallel strategies or the CLI; it only finds files and
 * hands them to the component packages.
 */
package dev.compactfusion.models.diffusers;
