package dev.compactfusion.comms.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Ranks;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.TcpGroups;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LinkSpecTest {
  @Test
  void parsesTheUnitsUsersType() {
    assertThat(LinkSpec.parse("100mbit", "5ms")).isEqualTo(new LinkSpec(100_000_000, Duration.ofMillis(5)));
    assertThat(LinkSpec.parseBandwidth("1gbit")).isEqualTo(1_000_000_000L);
    assertThat(LinkSpec.parseBandwidth("10Mbit")).isEqualTo(10_000_000L);
    assertThat(LinkSpec.parseBandwidth("2.5gbit")).isEqualTo(2_500_000_000L);
    assertThat(LinkSpec.parseBandwidth("500kbit")).isEqualTo(500_000L);
    assertThat(LinkSpec.parseLatency("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(LinkSpec.parseLatency("1s")).isEqualTo(Duration.ofSeconds(1));
    assertThat(LinkSpec.parse(null, "")).isEqualTo(LinkSpec.UNLIMITED);
    assertThat(LinkSpec.UNLIMITED.isUnlimited()).isTrue();
  }

  @Test
  void transmitTimeFollowsTheRate() {
    assertThat(new LinkSpec(8_000_000, Duration.ZERO).transmitNanos(1_000_000)).isEqualTo(1_000_000_000L);
    assertThat(LinkSpec.UNLIMITED.transmitNanos(1 << 30)).isZero();
  }

  @Test
  void refusesWhatItDoesNotUnderstand() {
    assertThatThrownBy(() -> LinkSpec.parseBandwidth("100mb"))
        .hasMessageContaining("link bandwidth '100mb' is not understood; write e.g. 10mbit");
    assertThatThrownBy(() -> LinkSpec.parseLatency("5 minutes")).hasMessageContaining("write e.g. 5ms");
    assertThatThrownBy(() -> LinkSpec.parseBandwidth("0mbit")).hasMessageContaining("must be positive");
  }

  @Test
  void theModelDefaultsToTheInterfaceAndNamesTheChoicesWhenUnknown() {
    assertThat(LinkSpec.parse("10mbit", null).model()).isEqualTo(LinkModel.NIC);
    assertThat(LinkSpec.parse("10mbit", null, "pair").model()).isEqualTo(LinkModel.PAIR);
    assertThat(LinkSpec.parse("10mbit", null, "SHARED").model()).isEqualTo(LinkModel.SHARED);
    assertThatThrownBy(() -> LinkModel.parse("switch"))
        .hasMessage("link model 'switch' is not known; use one of nic, pair, shared");
  }

  @ParameterizedTest
  @EnumSource(LinkModel.class)
  void shapedLinksDeliverEveryMessageIntactAndInOrder(LinkModel model) throws Exception {
    List<Communicator> group = TcpGroups.open(3, Duration.ofSeconds(10),
        new LinkSpec(200_000_000, Duration.ofMillis(2), model));
    try {
      List<byte[][]> got = Ranks.run(group, c -> {
        byte[][] out = new byte[6][];
        for (int i = 0; i < 6; i++) {
          ByteBuffer mine = ByteBuffer.allocate(1000 * (i + c.rank()));
          while (mine.hasRemaining()) {
            mine.put((byte) (mine.position() * 3 + c.rank() + i));
          }
          ByteBuffer[] parts = c.allGatherAsync(new Tag("shaped", 0, 0, i), mine.flip()).join();
          out[i] = new byte[parts.length];
          for (int r = 0; r < parts.length; r++) {
            boolean ok = parts[r].remaining() == 1000 * (i + r);
            for (int k = 0; ok && k < parts[r].remaining(); k++) {
              ok = parts[r].get(k) == (byte) (k * 3 + r + i);
            }
            out[i][r] = (byte) (ok ? 1 : 0);
          }
        }
        return out;
      });
      for (byte[][] rows : got) {
        for (byte[] row : rows) {
          assertThat(row).containsOnly(1);
        }
      }
    } finally {
      group.forEach(Communicator::close);
    }
  }
}
