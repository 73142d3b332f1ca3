package dev.compactfusion.perf.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerLoadResultsTest {
  private static final ServerLoadSettings FIVE = new ServerLoadSettings(URI.create("http://h:1/"), 2, 5, "red circle",
      0, null, null, Duration.ofSeconds(5));

  @Test
  void percentilesAreNearestRankOverTheSuccessfulAnswers() {
    ServerLoadResults r = new ServerLoadResults(FIVE, "t", 30, List.of(
        new ServerSample(0, 200, 4.0, 1.0, null),
        new ServerSample(1, 200, 1.0, 0.5, null),
        new ServerSample(2, 429, 0.01, Double.NaN, "queue full"),
        new ServerSample(3, 200, 3.0, 1.0, null),
        new ServerSample(4, 200, 2.0, Double.NaN, null)));
    assertThat(r.succeeded()).isEqualTo(4);
    assertThat(r.statuses()).isEqualTo(Map.of(200, 4L, 429, 1L));
    assertThat(r.imagesPerMinute()).isEqualTo(8.0);
    assertThat(r.latency(50)).isEqualTo(2.0);
    assertThat(r.latency(95)).isEqualTo(4.0);
    assertThat(r.latency(25)).isEqualTo(1.0);
    // Outside the run: 3.0, 0.5, 2.0 (the answer without stats is left out).
    assertThat(r.outsideRun(50)).isEqualTo(2.0);
    assertThat(r.outsideRun(99)).isEqualTo(3.0);
    assertThat(FIVE.endpoint(ServerLoad.GENERATIONS)).isEqualTo(URI.create("http://h:1/v1/images/generations"));
  }

  @Test
  void theRunTimeIsReadFromTheAnswersStats() {
    assertThat(ServerLoad.runSeconds("{\"data\": [], \"stats\": {\"wall_seconds\": 1.25}}")).isEqualTo(1.25);
    assertThat(ServerLoad.runSeconds("{\"data\": []}")).isNaN();
    assertThat(ServerLoad.runSeconds("not json")).isNaN();
    assertThat(ServerLoad.message("{\"error\": {\"message\": \"queue is full\"}}")).isEqualTo("queue is full");
  }
}
