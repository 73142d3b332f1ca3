package dev.compactfusion.comms.tcp;

import io.netty.buffer.ByteBuf;

/** A small, whole frame of the handshake or rendezvous; the body is a copy the handler owns. */
record ControlFrame(FrameType type, ByteBuf body) {}
