package dev.compactfusion.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpreadTest {
  @Test
  void oddCountMedianIsTheMiddleValueWhateverTheOrder() {
    Spread s = Spread.of(5, 1, 3);
    assertThat(s.n()).isEqualTo(3);
    assertThat(s.median()).isEqualTo(3);
    assertThat(s.min()).isEqualTo(1);
    assertThat(s.max()).isEqualTo(5);
    assertThat(s.q1()).isEqualTo(2);
    assertThat(s.q3()).isEqualTo(4);
    assertThat(s.halfRange()).isEqualTo(2);
  }

  @Test
  void evenCountInterpolates() {
    Spread s = Spread.of(4, 1, 2, 3);
    assertThat(s.median()).isEqualTo(2.5);
    assertThat(s.q1()).isCloseTo(1.75, within(1e-12));
    assertThat(s.q3()).isCloseTo(3.25, within(1e-12));
    assertThat(s.iqr()).isCloseTo(1.5, within(1e-12));
  }

  @Test
  void oneValueIsItsOwnSpread() {
    Spread s = Spread.of(0.7);
    assertThat(s.median()).isEqualTo(0.7);
    assertThat(s.min()).isEqualTo(0.7);
    assertThat(s.max()).isEqualTo(0.7);
    assertThat(s.iqr()).isZero();
  }

  @Test
  void doesNotReorderTheCallersArray() {
    double[] v = {3, 1, 2};
    Spread.of(v);
    assertThat(v).containsExactly(3, 1, 2);
  }

  @Test
  void rejectsNothingAndNonFiniteValues() {
    assertThatThrownBy(Spread::of).hasMessageContaining("at least one value");
    assertThatThrownBy(() -> Spread.of(1, Double.NaN)).hasMessageContaining("non-finite");
  }
}
