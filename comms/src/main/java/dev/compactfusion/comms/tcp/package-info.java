/**
 * The tcp backend on Netty: a coordinator that admits members with a token handshake, a full mesh
 * of authenticated peer connections, length-prefixed frames whose type and operation bytes are
 * explicit enum codes, chunked messages with optional per-pair shaping, and a multi-process self-
 * test. Carries opaque byte buffers: knows nothing of diffusion, codecs or models.
 */
package dev.compactfusion.comms.tcp;
