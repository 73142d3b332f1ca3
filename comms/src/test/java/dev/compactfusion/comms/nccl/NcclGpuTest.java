package dev.compactfusion.comms.nccl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.comms.local.LocalCluster;
import dev.compactfusion.comms.transport.Tag;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Runs only where a CUDA device and the NCCL natives load; world size 1 (one GPU). */
class NcclGpuTest {

  @Test
  void worldOfOneGathersBroadcastsAndSendsToItself() {
    NcclAvailability a = NcclAvailability.probe();
    Assumptions.assumeTrue(a.available(), "skipped: " + a.reason());
    try (NcclCommunicator c = NcclCommunicator.create(LocalCluster.create(1).get(0), 0, Duration.ofSeconds(30))) {
      ByteBuffer mine = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5});
      assertThat(c.allGatherAsync(Tag.of("g"), mine).join()[0]).isEqualTo(mine);
      assertThat(c.broadcastAsync(Tag.of("b"), mine, 0).join()).isEqualTo(mine);
      c.barrierAsync(Tag.of("barrier")).join();
      assertThat(c.stats().byKind()).containsKeys("g", "b", "barrier");
    }
  }
}
