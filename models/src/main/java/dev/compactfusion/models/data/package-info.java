/**
 * Procedurally generated training data: coloured shapes and moving shapes drawn from seeds, with
 * their labels. No DJL, nothing of other workers.
 */
package dev.compactfusion.models.data;
