/**
 * Emulated links: a bandwidth/latency spec and the shaper that paces bytes written to a channel.
 * Knows nothing of messages, collectives or diffusion.
 */
package dev.compactfusion.comms.link;
