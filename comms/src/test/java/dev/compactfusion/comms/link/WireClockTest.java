package dev.compactfusion.comms.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The wire arithmetic on a virtual clock: what each link model makes a collective cost. */
class WireClockTest {
  private static final long T = 1_000_000;

  @Test
  void aWireSendsBackToBackAndIdlesWhenNothingIsQueued() {
    WireClock w = new WireClock();
    assertThat(w.send(0, T)).isEqualTo(T);
    assertThat(w.send(0, T)).isEqualTo(2 * T);
    assertThat(w.send(10 * T, T)).isEqualTo(11 * T);
  }

  @Test
  void aLonePacedSenderIsNotDelayedAgainOnTheReceivingInterface() {
    WireClock in = new WireClock();
    for (int i = 1; i <= 5; i++) {
      assertThat(in.receive(i * T, T)).isEqualTo(i * T);
    }
  }

  @Test
  void kSendersConvergingOnOneInterfaceTakeKTimesAsLong() {
    WireClock in = new WireClock();
    // Three messages finished on three senders' wires at T; the receiver can take one T's worth
    // during [0, T] and the rest after: all three are in at 3T.
    assertThat(in.receive(T, T)).isEqualTo(T);
    assertThat(in.receive(T, T)).isEqualTo(2 * T);
    assertThat(in.receive(T, T)).isEqualTo(3 * T);
  }

  @Test
  void anAllGatherOfFourTakesThreeTimesAsLongThroughInterfacesAsThroughPairs() {
    assertThat(allGather(4, LinkModel.PAIR)).isEqualTo(T);
    assertThat(allGather(4, LinkModel.NIC)).isEqualTo(3 * T);
    assertThat(allGather(8, LinkModel.NIC)).isEqualTo(7 * T);
    assertThat(allGather(4, LinkModel.SHARED)).isEqualTo(12 * T);
  }

  /** Every rank sends one block of transmit time T to every other rank at time 0; when is the last in? */
  private static long allGather(int n, LinkModel model) {
    WireClock shared = new WireClock();
    WireClock[] egress = new WireClock[n];
    WireClock[] ingress = new WireClock[n];
    for (int r = 0; r < n; r++) {
      egress[r] = new WireClock();
      ingress[r] = new WireClock();
    }
    long last = 0;
    // Round k: rank r sends to r + k, so no receiver is everyone's first (as the mesh does).
    for (int k = 1; k < n; k++) {
      for (int r = 0; r < n; r++) {
        int to = (r + k) % n;
        long sent = switch (model) {
          case PAIR -> new WireClock().send(0, T);
          case NIC -> egress[r].send(0, T);
          case SHARED -> shared.send(0, T);
        };
        long in = model == LinkModel.NIC ? ingress[to].receive(sent, T) : sent;
        last = Math.max(last, in);
      }
    }
    return last;
  }
}
