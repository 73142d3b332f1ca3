/**
 * Residual streams: one sender and one receiver per (layer, tensor, origin, destination) key that
 * send step-to-step changes through a codec with error feedback and keep both ends' base in lock
 * step, the payload header that checks it, and {@link
 * dev.compactfusion.codec.residual.ResidualStreams}, the one factory of both ends. Works on float
 * buffers and byte buffers only: no communicator, no Netty, no DJL, no knowledge of which
 * strategy uses a stream.
 */
package dev.compactfusion.codec.residual;
