/**
 * The in-JVM communicator: workers as threads exchanging buffers through an in-memory wire, with
 * the same timeouts, failure reporting and counters as the network backends. Knows nothing of
 * diffusion, codecs or models.
 */
package dev.compactfusion.comms.local;
