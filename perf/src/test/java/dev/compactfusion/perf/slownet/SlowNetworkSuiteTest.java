package dev.compactfusion.perf.slownet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.Fixtures;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MethodSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlowNetworkSuiteTest {
  @Test
  void serialRunsOnceThenEveryMethodPerLinkSlowestFirst() {
    SuiteOptions options = new SuiteOptions(Fixtures.settings(2, 0, 1),
        MethodSpec.parseAll(List.of("compact:1bit", "serial", "distrifusion:fp16")),
        LinkSetting.parseAll(List.of("1gbit", "10mbit")), 4, Shaping.APP, List.of());
    assertThat(SlowNetworkSuite.cases(options)).extracting(BenchCase::label).containsExactly(
        "serial x1 @ none",
        "compact:1bit x4 @ 10mbit", "distrifusion:fp16 x4 @ 10mbit",
        "compact:1bit x4 @ 1gbit", "distrifusion:fp16 x4 @ 1gbit");
  }

  @Test
  void skippedCasesDoNotRunAndAreNamedWhereTheyWereAsked() {
    SuiteOptions options = new SuiteOptions(Fixtures.settings(2, 0, 1),
        MethodSpec.parseAll(List.of("compact:1bit", "ring:fp16")), LinkSetting.parseAll(List.of("10mbit", "1gbit")), 4,
        Shaping.APP, List.of(), List.of("ring:fp16@10mbit"));
    assertThat(SlowNetworkSuite.cases(options)).extracting(BenchCase::label).containsExactly(
        "compact:1bit x4 @ 10mbit", "compact:1bit x4 @ 1gbit", "ring:fp16 x4 @ 1gbit");
    assertThatThrownBy(() -> new SuiteOptions(Fixtures.settings(2, 0, 1), MethodSpec.parseAll(List.of("ring:fp16")),
        LinkSetting.parseAll(List.of("10mbit")), 4, Shaping.APP, List.of(), List.of("ring@10mbit")))
        .hasMessage("--skip ring@10mbit: name a METHOD@LINK of this suite, e.g. ring:fp16@10mbit");
  }

  @Test
  void theDefaultsAreTheFixedSetting() {
    List<MethodSpec> methods = MethodSpec.parseAll(SuiteOptions.DEFAULT_METHODS);
    assertThat(methods).extracting(MethodSpec::name).contains("distrifusion:fp16", "distrifusion", "pipefusion:fp16",
        "pipefusion:1bit", "ring:1bit", "ulysses:1bit", "compact:1bit", "compact:2bit", "compact:lowrank:8");
    assertThat(SuiteOptions.DEFAULT_STEPS).isEqualTo(28);
    assertThat(SuiteOptions.DEFAULT_LINKS).containsExactly("10mbit", "100mbit", "1gbit");
  }
}
