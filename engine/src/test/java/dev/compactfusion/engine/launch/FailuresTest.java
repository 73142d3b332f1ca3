package dev.compactfusion.engine.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.comms.transport.PeerFailureException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void blameIsFollowedToTheWorkerThatFailedOnItsOwn() {
    Failures f = new Failures();
    // Ring of 4: worker 1 stalls; 2 times out on 1, 3 on 2 (whose connection then closed).
    f.record(3, new PeerFailureException(2, "ring-kv", "connection closed", null));
    f.record(2, new PeerFailureException(1, "ring-kv", "no data within the timeout", null));
    assertThat(f.rootCause()).isEmpty();
    assertThat(f.culpritBehind(3)).isEqualTo(1);
    assertThat(f.culpritBehind(2)).isEqualTo(1);
    assertThat(f.of(3).orElseThrow().blamed()).isEqualTo(2);
  }

  @Test
  void aRootCauseWinsAndCyclesStop() {
    Failures f = new Failures();
    f.record(1, new PeerFailureException(2, "kv", "closed", null));
    f.record(2, new PeerFailureException(1, "kv", "closed", null));
    assertThat(f.culpritBehind(1)).isIn(1, 2);
    f.record(3, new IllegalStateException("out of memory"));
    f.record(new Failures.Failure(1, "later own failure", -1));
    assertThat(f.rootCause().orElseThrow().rank()).isEqualTo(3);
    assertThat(f.rootCause().orElseThrow().message()).isEqualTo("out of memory");
    assertThat(f.culpritBehind(0)).isEqualTo(0);
  }
}
