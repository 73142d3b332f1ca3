package dev.compactfusion.comms.nccl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Ranks;
import dev.compactfusion.comms.transport.TcpGroups;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NcclIdTest {

  @Test
  void aFakeIdTravelsFromRankZeroToEveryWorkerOverTcp() throws Exception {
    byte[] fake = new byte[NcclId.BYTES];
    for (int i = 0; i < fake.length; i++) {
      fake[i] = (byte) (i * 13 + 5);
    }
    List<Communicator> group = TcpGroups.open(3, Duration.ofSeconds(10), LinkSpec.UNLIMITED);
    try {
      List<NcclId> ids = Ranks.run(group, c -> NcclId.exchange(c, c.rank() == 0 ? new NcclId(fake) : null));
      assertThat(ids).hasSize(3).allSatisfy(id -> assertThat(id.bytes()).isEqualTo(fake));
    } finally {
      group.forEach(Communicator::close);
    }
  }

  @Test
  void theIdIsExactly128BytesAndImmutable() {
    assertThatThrownBy(() -> new NcclId(new byte[127])).hasMessageContaining("128 bytes, got 127");
    byte[] b = new byte[128];
    NcclId id = new NcclId(b);
    b[0] = 1;
    id.bytes()[1] = 1;
    assertThat(id.bytes()).containsOnly(0);
    assertThat(id).isEqualTo(new NcclId(new byte[128]));
  }

  @Test
  void onlyRankZeroCreatesTheId() throws Exception {
    List<Communicator> group = dev.compactfusion.comms.local.LocalCluster.create(2, Duration.ofMillis(500));
    assertThatThrownBy(() -> NcclId.exchange(group.get(0), null)).hasMessageContaining("rank 0 must pass");
    assertThatThrownBy(() -> NcclId.exchange(group.get(1), new NcclId(new byte[128])))
        .hasMessageContaining("only rank 0 creates");
    group.forEach(Communicator::close);
  }
}
