package dev.compactfusion.perf.slownet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.perf.bench.MethodSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FidelityRowsTest {
  @TempDir Path tmp;

  @Test
  void readsTheFirstRowOfEachLabelAndNamesMethodsAsTheFidelityToolDoes() throws IOException {
    Path page = tmp.resolve("fidelity.md");
    Files.writeString(page, String.join("\n",
        "# Fidelity", "",
        "| method | PSNR mean (dB) | PSNR min (dB) |", "|---|---|---|",
        "| patch none | ∞ (identical) | ∞ |",
        "| patch 1bit | 30.82 | 20.99 |",
        "| ring fp16 naive | 101.5 | 90.0 |",
        "| distrifusion none | 23.69 | 18.66 |", "",
        "Older run:", "",
        "| method | PSNR mean (dB) | PSNR min (dB) |", "|---|---|---|",
        "| patch 1bit | 12.00 | 10.00 |", ""));
    FidelityRows rows = FidelityRows.read(page);
    assertThat(rows.psnr(MethodSpec.parse("compact:1bit"))).contains(30.82);
    assertThat(rows.psnr(MethodSpec.parse("ring:fp16"))).contains(101.5);
    assertThat(rows.psnr(MethodSpec.parse("distrifusion"))).contains(23.69);
    assertThat(rows.psnr(MethodSpec.parse("patch"))).contains(Double.POSITIVE_INFINITY);
    assertThat(rows.psnr(MethodSpec.parse("ulysses:1bit"))).isEmpty();
    assertThat(FidelityRows.label(MethodSpec.parse("pipefusion:lowrank:8"))).isEqualTo("pipefusion lowrank:8");
    assertThat(FidelityRows.label(MethodSpec.parse("distrifusion:fp16"))).isEqualTo("distrifusion fp16 naive");
  }
}
