package dev.compactfusion.perf.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recordings of the embedded model read back with the shape and steps the model has. */
class ActivationRecorderTest {
  @TempDir
  Path dir;

  @Test
  void recordsKeysAndValuesOfEveryLayerAndGuidancePassPerStep() throws Exception {
    ActivationRecorder.run("--out", dir.toString(), "--steps", "3", "--seed", "4");
    try (Stream<Path> files = Files.list(dir)) {
      // shapes-image: depth 4, two guidance passes, K and V; no temporary files left behind.
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .hasSize(16).startsWith("layer00-call0-k.f32", "layer00-call0-v.f32").endsWith("layer03-call1-v.f32");
    }
    RecordedActivations k = new RecordedActivations(dir.resolve("layer02-call0-k.f32"));
    RecordedActivations uncond = new RecordedActivations(dir.resolve("layer02-call1-k.f32"));
    assertThat(k.steps()).isEqualTo(3);
    assertThat(k.tokens()).isEqualTo(64);
    assertThat(k.channels()).isEqualTo(128);
    // Successive steps and the two guidance passes see different inputs, so the keys differ.
    assertThat(k.step(1)).isNotEqualTo(k.step(0));
    assertThat(uncond.step(0)).isNotEqualTo(k.step(0));
    for (float v : k.step(2)) {
      assertThat(Float.isFinite(v)).isTrue();
    }
  }
}
