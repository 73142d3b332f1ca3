package dev.compactfusion.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkSettingTest {
  @Test
  void parsesNoneAndBandwidths() {
    assertThat(LinkSetting.parse("none")).isEqualTo(LinkSetting.NONE);
    assertThat(LinkSetting.parse("Unlimited").emulated()).isFalse();
    assertThat(LinkSetting.parse("100mbit").bitsPerSecond()).isEqualTo(100_000_000L);
    assertThat(LinkSetting.parse(" 1GBIT ").name()).isEqualTo("1gbit");
    assertThat(LinkSetting.parse("1gbit").megabits()).isEqualTo(1000.0);
    assertThat(LinkSetting.parse("10mbit").emulated()).isTrue();
  }

  @Test
  void badStringsAreOneLineUsageErrors() {
    for (String bad : List.of("fast", "100mb", "-1mbit", "0mbit", "")) {
      assertThatThrownBy(() -> LinkSetting.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bad --link '" + bad + "': write none or a bandwidth such as 10mbit, 100mbit, 1gbit");
    }
  }

  @Test
  void listsDropRepeats() {
    assertThat(LinkSetting.parseAll(List.of("none", "1gbit", "NONE"))).extracting(LinkSetting::name)
        .containsExactly("none", "1gbit");
  }
}
