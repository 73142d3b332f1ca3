package dev.compactfusion.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  @Test
  void partsOfAnySizeComeBackApartIncludingEmptyOnes() {
    ByteBuffer a = ByteBuffer.wrap(new byte[] {1, 2, 3});
    ByteBuffer empty = ByteBuffer.allocate(0);
    ByteBuffer b = ByteBuffer.wrap(new byte[] {9});
    ByteBuffer packed = Payloads.pack(a, empty, b);
    assertThat(packed.remaining()).isEqualTo(3 * Integer.BYTES + 4);
    ByteBuffer[] parts = Payloads.unpack(packed, 3, "worker 1");
    assertThat(parts[0].remaining()).isEqualTo(3);
    assertThat(parts[0].get(2)).isEqualTo((byte) 3);
    assertThat(parts[1].remaining()).isZero();
    assertThat(parts[2].get(0)).isEqualTo((byte) 9);
    assertThat(packed.position()).as("unpacking does not consume the message").isZero();
  }

  @Test
  void aMessageThatDoesNotSplitNamesItsSender() {
    ByteBuffer packed = Payloads.pack(ByteBuffer.wrap(new byte[] {1, 2}));
    assertThatThrownBy(() -> Payloads.unpack(packed, 2, "worker 3 (kv, layer 0, step 1)"))
        .hasMessage("message from worker 3 (kv, layer 0, step 1) ends before part 2 of 2");
    ByteBuffer truncated = packed.duplicate().limit(packed.limit() - 1);
    assertThatThrownBy(() -> Payloads.unpack(truncated, 1, "worker 3"))
        .hasMessage("message from worker 3 announces a part of 2 bytes with 1 left");
    assertThatThrownBy(() -> Payloads.unpack(Payloads.pack(ByteBuffer.allocate(1), ByteBuffer.allocate(1)), 1, "worker 3"))
        .hasMessage("message from worker 3 has 5 bytes after its 1 parts");
  }
}
