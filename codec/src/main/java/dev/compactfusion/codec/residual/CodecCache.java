package dev.compactfusion.codec.residual;

import dev.compactfusion.codec.Codec;
import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.Codecs;
import java.util.HashMap;
import java.util.Map;

/** One codec instance per spec a stream has used (a policy may switch codecs between steps). */
final class CodecCache {
  private final int tokens;
  private final int channels;
  private final Map<CodecSpec, Codec> codecs = new HashMap<>();

  CodecCache(int tokens, int channels) {
    this.tokens = tokens;
    this.channels = channels;
  }

  Codec get(CodecSpec spec) {
    return codecs.computeIfAbsent(spec, s -> Codecs.create(s, tokens, channels));
  }

  long stateBytes() {
    long sum = 0;
    for (Codec c : codecs.values()) {
      sum += c.stateBytes();
    }
    return sum;
  }
}
