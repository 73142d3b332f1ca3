/**
 * The transport-neutral contract every backend implements: the asynchronous {@link
 * dev.compactfusion.comms.transport.Communicator} collectives, tags, counters, the peer failure
 * that names the worker, and {@link dev.compactfusion.comms.transport.Waits}, the one bounded way
 * to wait on a communicator's future. No backend, no Netty, nothing of diffusion.
 */
package dev.compactfusion.comms.transport;
