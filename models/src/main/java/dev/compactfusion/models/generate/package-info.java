/**
 * The seam between model families and whoever generates ({@code DiffusionModel}, its slice
 * transformer, sampler and decoder; the request with its family options), the embedded DiT family
 * behind it, and serial generation as the oracle every parallel method is compared against.
 * Nothing of other workers.
 */
package dev.compactfusion.models.generate;
