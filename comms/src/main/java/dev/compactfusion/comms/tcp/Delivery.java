package dev.compactfusion.comms.tcp;

import dev.compactfusion.comms.transport.mesh.MessageKey;
import java.nio.ByteBuffer;

/** A whole message reassembled from its chunks, with the bytes its frames took on the wire. */
record Delivery(MessageKey key, int source, ByteBuffer payload, long framedBytes) {}
