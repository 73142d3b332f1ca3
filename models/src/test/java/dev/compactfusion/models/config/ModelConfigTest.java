package dev.compactfusion.models.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.models.dit.TinyConfigs;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
  private static final String VALID = """
      {"name": "m", "description": "d", "kind": "video", "image_size": 16, "frames": 4, "channels": 3,
       "patch_size": 4, "width": 48, "depth": 2, "heads": 4, "mlp_ratio": 2.0,
       "vocabulary": {"attributes": [{"name": "colour", "words": ["red", "blue"]}], "fillers": ["a"]},
       "sampler": {"steps": 10, "guidance": 2.5}}
      """;

  @Test
  void parsesAndDerivesTokenHeadAndPatchSizes() {
    ModelConfig c = ModelConfig.parse(VALID, "cfg.json");
    assertThat(c.kind()).isEqualTo(ModelKind.VIDEO);
    assertThat(c.tokensPerFrame()).isEqualTo(16);
    assertThat(c.tokens()).isEqualTo(64);
    assertThat(c.headDim()).isEqualTo(12);
    assertThat(c.patchDim()).isEqualTo(48);
    assertThat(c.mlpHidden()).isEqualTo(96);
    assertThat(c.sampler()).isEqualTo(new SamplerDefaults(10, 2.5f));
    assertThat(ModelConfig.parse(c.toJson(), "again")).isEqualTo(c);
    assertThat(ModelConfig.parse(TinyConfigs.image().toJson(), "tiny")).isEqualTo(TinyConfigs.image());
  }

  @Test
  void rejectsInvalidConfigsNamingTheFileAndTheField() {
    assertBad(VALID.replace("\"heads\": 4", "\"heads\": 5"), "width 48 is not divisible by heads 5");
    assertBad(VALID.replace("\"patch_size\": 4", "\"patch_size\": 5"), "image_size 16 is not divisible by patch_size 5");
    assertBad(VALID.replace("\"kind\": \"video\"", "\"kind\": \"audio\""), "kind must be image or video");
    assertBad(VALID.replace("\"kind\": \"video\"", "\"kind\": \"image\""), "an image model has frames = 1");
    assertBad(VALID.replace("\"channels\": 3", "\"channels\": 1"), "channels must be 3");
    assertBad(VALID.replace("\"depth\": 2,", ""), "'depth' is missing");
    assertBad(VALID.replace("\"depth\": 2", "\"depth\": 2.5"), "'depth' must be an integer");
    assertBad(VALID.replace("\"steps\": 10", "\"steps\": 0"), "sampler steps must be >= 1");
    assertBad(VALID.replace("\"blue\"", "\"red\""), "lists a word twice");
    assertBad(VALID.replace("\"fillers\": [\"a\"]", "\"fillers\": [\"red\"]"), "also a filler");
    assertBad("{not json", "malformed model config");
  }

  private static void assertBad(String json, String problem) {
    assertThatThrownBy(() -> ModelConfig.parse(json, "cfg.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cfg.json: ")
        .hasMessageContaining(problem);
  }
}
