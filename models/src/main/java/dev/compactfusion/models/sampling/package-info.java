/**
 * The flow-matching sampler: schedule, noise, Euler steps, classifier-free guidance and step
 * listeners, over any velocity field. Knows nothing of the model inside the field or of other
 * workers.
 */
package dev.compactfusion.models.sampling;
