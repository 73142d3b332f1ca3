package dev.compactfusion.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.engine.launch.CommKind;
import dev.compactfusion.engine.launch.LaunchOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineCaseRunnerTest {
  private static BenchCase on(String link) {
    return new BenchCase(MethodSpec.parse("ring"), 4, LinkSetting.parse(link));
  }

  @Test
  void threadsUseTheLocalCommunicatorUnlessALinkIsEmulated() {
    EngineCaseRunner runner = new EngineCaseRunner(Fixtures.settings(2, 0, 1), List.of("-Dx=1"));
    LaunchOptions none = runner.options(on("none"));
    assertThat(none.comm()).isEqualTo(CommKind.LOCAL);
    assertThat(none.linkBandwidth()).isNull();
    LaunchOptions slow = runner.options(on("100mbit"));
    assertThat(slow.comm()).isEqualTo(CommKind.TCP);
    assertThat(slow.linkBandwidth()).isEqualTo("100mbit");
    assertThat(slow.workerJvmOptions()).containsExactly("-Dx=1");
  }

  @Test
  void externallyShapedLinksAlwaysGoOverTcpWithoutTheEnginesShaper() {
    EngineCaseRunner runner = EngineCaseRunner.externallyShaped(Fixtures.settings(2, 0, 1), List.of());
    LaunchOptions o = runner.options(on("10mbit"));
    assertThat(o.comm()).isEqualTo(CommKind.TCP);
    assertThat(o.linkBandwidth()).isNull();
    assertThat(runner.job(on("10mbit")).plan().label()).isEqualTo("ring4");
    assertThat(runner.job(on("10mbit")).latentsOnly()).as("a bench times the denoising, not the decode").isTrue();
  }
}
