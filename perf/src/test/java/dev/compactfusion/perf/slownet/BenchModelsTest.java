package dev.compactfusion.perf.slownet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.models.config.ModelConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark-only model configs the committed slow-network results were made from still load as documented. */
class BenchModelsTest {

  @Test
  void widthTwoFiftySixVideoConfigIsTheVideoShapeAtWidth256() {
    ModelConfig config = ModelConfig.load(Path.of("bench-models", "bench-video-w256.json"));
    assertThat(config.name()).isEqualTo("bench-video-w256");
    assertThat(config.width()).isEqualTo(256);
    assertThat(config.tokens()).isEqualTo(512);
  }
}
