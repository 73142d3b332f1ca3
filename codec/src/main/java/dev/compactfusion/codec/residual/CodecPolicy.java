package dev.compactfusion.codec.residual;

import dev.compactfusion.codec.CodecSpec;

/**
 * Chooses the codec of a compressed step, per layer and step, so that later work can adapt
 * (e.g. a richer codec on sensitive layers). Sender and receivers must use the same policy:
 * the receiver validates each payload's codec against it.
 */
@FunctionalInterface
public interface CodecPolicy {
  CodecSpec choose(int layer, int step);

  static CodecPolicy fixed(CodecSpec codec) {
    return (layer, step) -> codec;
  }
}
