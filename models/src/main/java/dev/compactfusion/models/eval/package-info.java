/**
 * Evaluation of a model on one machine: attribute scoring of samples, sample grids, key recording
 * and the adjacent-step redundancy of attention keys. Nothing of parallel runs.
 */
package dev.compactfusion.models.eval;
