package dev.compactfusion.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.codec.residual.ResidualStreams;
import dev.compactfusion.codec.residual.StreamConfig;
import dev.compactfusion.codec.residual.StreamKey;
import org.junit.jupiter.api.Test;

/** Codecs and residual streams share one size limit, checked at its boundary. */
class CodecShapeLimitTest {
  @Test
  void theLimitIsTheLargestShapeWhoseFp32BytesFitAnInt() {
    assertThat(4L * Codecs.MAX_ELEMENTS).isLessThanOrEqualTo(Integer.MAX_VALUE);
    assertThat(4L * (Codecs.MAX_ELEMENTS + 1L)).isGreaterThan(Integer.MAX_VALUE);
  }

  @Test
  void exactlyTheLimitPassesAndOneMoreFails() {
    Codecs.checkShape(1, Codecs.MAX_ELEMENTS);
    assertThatThrownBy(() -> Codecs.checkShape(1, Codecs.MAX_ELEMENTS + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds " + Codecs.MAX_ELEMENTS);
  }

  @Test
  void streamsRefuseWhatTheCodecsRefuse() {
    ResidualStreams streams = new ResidualStreams(StreamConfig.of("1bit"));
    StreamKey key = new StreamKey(0, "k", 0, 1);
    assertThatThrownBy(() -> streams.sender(key, 1, Codecs.MAX_ELEMENTS + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds " + Codecs.MAX_ELEMENTS);
    assertThatThrownBy(() -> streams.receiver(key, 2, Codecs.MAX_ELEMENTS / 2 + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds " + Codecs.MAX_ELEMENTS);
  }
}
