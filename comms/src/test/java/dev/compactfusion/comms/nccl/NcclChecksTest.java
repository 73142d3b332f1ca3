package dev.compactfusion.comms.nccl;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NcclChecksTest {
  @Test
  void deviceArgumentsAreCheckedBeforeAnythingIsQueued() {
    DeviceBuffer send = new DeviceBuffer(0x1000, 64);
    assertThatCode(() -> NcclChecks.allGather(4, send, new DeviceBuffer(0x2000, 256))).doesNotThrowAnyException();
    assertThatThrownBy(() -> NcclChecks.allGather(4, send, new DeviceBuffer(0x2000, 255)))
        .hasMessageContaining("must hold 4 × 64 bytes, has 255");
    assertThatThrownBy(() -> NcclChecks.allToAll(2, new DeviceBuffer[2], new DeviceBuffer[1]))
        .hasMessageContaining("needs 2 send and 2 receive buffers, got 2 and 1");
    assertThatThrownBy(() -> NcclChecks.allToAll(1, new DeviceBuffer[1], new DeviceBuffer[1]))
        .hasMessageContaining("buffer for rank 0 is null");
    assertThatThrownBy(() -> NcclChecks.peer(2, 2, "send destination"))
        .hasMessageContaining("send destination 2 is outside the group of 2");
    assertThatThrownBy(() -> new DeviceBuffer(0, 8)).hasMessageContaining("null address");
    assertThatThrownBy(() -> new DeviceBuffer(8, -1)).hasMessageContaining("must not be negative");
  }
}
