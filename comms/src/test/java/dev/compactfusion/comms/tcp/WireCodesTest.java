package dev.compactfusion.comms.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.comms.transport.mesh.Operation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The enums the tcp backend writes as bytes: fixed codes, read back exactly, unknown codes refused. */
class WireCodesTest {
  @Test
  void frameTypeCodesAreFixedAndRoundTrip() {
    // the codes on the wire today; changing one breaks peers of another build
    assertThat(Arrays.stream(FrameType.values()).mapToInt(FrameType::code)).containsExactly(0, 1, 2, 3, 4, 5, 6);
    for (FrameType t : FrameType.values()) {
      assertThat(FrameType.fromCode(t.code())).isSameAs(t);
    }
    assertThatThrownBy(() -> FrameType.fromCode(7)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown frame type code 7");
    assertThatThrownBy(() -> FrameType.fromCode(-1)).hasMessage("unknown frame type code -1");
  }

  @Test
  void operationCodesAreFixedAndRoundTrip() {
    assertThat(Arrays.stream(Operation.values()).mapToInt(Operation::code)).containsExactly(0, 1, 2, 3, 4);
    for (Operation o : Operation.values()) {
      assertThat(Operation.fromCode(o.code())).isSameAs(o);
    }
    assertThatThrownBy(() -> Operation.fromCode(5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown operation code 5");
  }

  @Test
  void onlyTheTokenHandshakeIsAllowedBeforeAuthentication() {
    assertThat(Arrays.stream(FrameType.values()).filter(FrameType::handshake))
        .containsExactly(FrameType.CHALLENGE, FrameType.RESPONSE);
  }
}
