/**
 * A model's configuration (kind, shape, vocabulary, sampler defaults) and its JSON form. Plain
 * data: no tensors, nothing of other workers.
 */
package dev.compactfusion.models.config;
