package dev.compactfusion.perf.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FidelityTableTest {
  @Test
  void thePerPairCsvLiesBesideTheTable() {
    assertThat(FidelityTable.pairsFile(Path.of("out", "all.md"))).isEqualTo(Path.of("out", "all.pairs.csv"));
    assertThat(FidelityTable.pairsFile(Path.of("table"))).isEqualTo(Path.of("table.pairs.csv"));
  }
}
