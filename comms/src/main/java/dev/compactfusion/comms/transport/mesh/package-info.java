/**
 * Collectives built from point-to-point messages over any wire (the local and tcp backends share
 * it): mailboxes keyed by group, operation and tag, timed futures, framing of multi-part payloads
 * and the counters. Knows no concrete transport and nothing of diffusion.
 */
package dev.compactfusion.comms.transport.mesh;
