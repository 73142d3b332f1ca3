/**
 * Emulated links: a bandwidth/latency/model spec, the wire clocks that traffic shares (one per
 * pair, per interface, or one medium), and the shapers that pace bytes written to a channel and
 * messages read from it. Knows nothing of collectives or diffusion.
 */
package dev.compactfusion.comms.link;
