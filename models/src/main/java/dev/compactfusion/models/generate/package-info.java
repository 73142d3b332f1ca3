/**
 * Serial generation: a request (prompt, seed, steps, guidance) turned into frames by one model
 * with the sampler. The reference every parallel method is compared against; nothing of other
 * workers.
 */
package dev.compactfusion.models.generate;
