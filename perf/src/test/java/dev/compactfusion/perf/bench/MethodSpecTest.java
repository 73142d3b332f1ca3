package dev.compactfusion.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.codec.residual.ResidualMode;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.exchange.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodSpecTest {
  @Test
  void plainStrategiesExchangeRawValues() {
    for (String name : List.of("serial", "patch", "distrifusion", "ulysses", "ring", "usp")) {
      MethodSpec m = MethodSpec.parse(" " + name.toUpperCase() + " ");
      assertThat(m.name()).isEqualTo(name);
      assertThat(m.strategy()).isEqualTo(Strategy.parse(name));
      assertThat(m.codec().toString()).isEqualTo("none");
    }
  }

  @Test
  void compactIsThePatchGatherWithACodec() {
    MethodSpec m = MethodSpec.parse("compact:lowrank:8");
    assertThat(m.name()).isEqualTo("compact:lowrank:8");
    assertThat(m.strategy()).isEqualTo(Strategy.PATCH);
    assertThat(m.codec().toString()).isEqualTo("lowrank:8");
    assertThat(MethodSpec.parse("compact:1bit").plan(4, 1).label()).isEqualTo("patch4_1bit");
  }

  @Test
  void oneSpellingForTheBenchAndTheCostModel() {
    assertThat(MethodSpec.parse("patch:1bit").name()).isEqualTo("compact:1bit");
    assertThat(dev.compactfusion.perf.sim.method.Methods.byName("compact:lowrank:12").name())
        .isEqualTo("compact:lowrank:12");
    assertThat(dev.compactfusion.perf.sim.method.Methods.byName(MethodSpec.parse("compact:2bit").name()).name())
        .isEqualTo("compact:2bit");
  }

  @Test
  void anyCompressingStrategyTakesACodec() {
    assertThat(MethodSpec.parse("ring:1bit").plan(4, 1).label()).isEqualTo("ring4_1bit");
    assertThat(MethodSpec.parse("ulysses:2bit").plan(2, 1).label()).isEqualTo("ulysses2_2bit");
    assertThat(MethodSpec.parse("compact-async:1bit").strategy()).isEqualTo(Strategy.COMPACT_ASYNC);
    assertThat(MethodSpec.parse("ring:none").name()).isEqualTo("ring");
  }

  @Test
  void plansFollowTheWorkerCount() {
    ParallelPlan usp = MethodSpec.parse("usp").plan(4, 1);
    assertThat(usp.ulyssesDegree()).isEqualTo(2);
    assertThat(usp.ringDegree()).isEqualTo(2);
    assertThat(MethodSpec.parse("usp").plan(3, 1).ulyssesDegree()).isEqualTo(3);
    assertThat(MethodSpec.parse("serial").plan(4, 1).workers()).isEqualTo(1);
    assertThat(MethodSpec.parse("distrifusion").plan(2, 2).warmup()).isEqualTo(2);
  }

  @Test
  void badNamesSayWhatIsKnown() {
    assertThatThrownBy(() -> MethodSpec.parse("warp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown method 'warp'; known: serial, patch")
        .hasMessageContaining("compact:1bit");
    assertThatThrownBy(() -> MethodSpec.parse("")).hasMessageContaining("empty method name");
    assertThatThrownBy(() -> MethodSpec.parse("compact")).hasMessageContaining("compact:1bit");
    assertThatThrownBy(() -> MethodSpec.parse("compact-async")).hasMessageContaining("compact-async:1bit");
    assertThatThrownBy(() -> MethodSpec.parse("compact:3bit"))
        .hasMessageStartingWith("method 'compact:3bit': unknown codec '3bit'");
    assertThatThrownBy(() -> MethodSpec.parse("compact:lowrank")).hasMessageContaining("needs a parameter");
    assertThatThrownBy(() -> MethodSpec.parse("serial:1bit")).hasMessageContaining("exchanges nothing compressed");
    assertThatThrownBy(() -> MethodSpec.parse("distrifusion:1bit")).hasMessageContaining("compact-async:1bit");
  }

  @Test
  void fp16IsHalfPrecisionActivationsOfAnyStrategy() {
    for (String name : List.of("patch:fp16", "ring:fp16", "ulysses:fp16", "distrifusion:fp16", "pipefusion:fp16")) {
      MethodSpec m = MethodSpec.parse(name);
      assertThat(m.name()).isEqualTo(name);
      assertThat(m.halfPrecision()).isTrue();
      ParallelPlan plan = m.plan(4, 1);
      assertThat(plan.compression().halfPrecision()).as(name).isTrue();
      assertThat(plan.compression().mode()).isEqualTo(ResidualMode.NAIVE);
    }
    assertThat(MethodSpec.parse("compact:1bit").plan(4, 1).compression().mode()).isEqualTo(ResidualMode.EF);
    assertThat(MethodSpec.parse("compact:1bit").halfPrecision()).isFalse();
    assertThatThrownBy(() -> MethodSpec.parse("distrifusion:int8"))
        .hasMessage("method 'distrifusion:int8': distrifusion sends activations, in fp32 or fp16 (distrifusion:fp16); "
            + "for compressed stale exchanges use compact-async:int8");
  }

  @Test
  void listsDropRepeatsAndKeepOrder() {
    assertThat(MethodSpec.parseAll(List.of("ring", "serial", "RING", "compact:1bit")))
        .extracting(MethodSpec::name).containsExactly("ring", "serial", "compact:1bit");
    assertThatThrownBy(() -> MethodSpec.parseAll(List.of())).hasMessageContaining("no methods given");
  }
}
