package dev.compactfusion.engine.pipeline;

import dev.compactfusion.codec.residual.StreamKey;
import dev.compactfusion.comms.transport.Tag;

/**
 * Names what crosses one stage boundary: the message of a patch at a step, and the residual
 * stream of a patch (one per boundary and patch, so each residual is against the same patch's
 * value of the previous step). A boundary is named by the first block after it.
 */
record BoundaryTag(int block, int from, int to) {
  static final String KIND = "pipe-hidden";

  Tag message(int step, int patch) {
    return new Tag(KIND, block, step, patch);
  }

  StreamKey stream(int patch) {
    return new StreamKey(block, "hidden:" + patch, from, to);
  }
}
