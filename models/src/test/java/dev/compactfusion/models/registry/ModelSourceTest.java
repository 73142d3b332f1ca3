package dev.compactfusion.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.dit.RandomInit;
import dev.compactfusion.models.dit.TinyConfigs;
import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.SafetensorsWriter;
import dev.compactfusion.models.safetensors.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSourceTest {
  @TempDir Path dir;

  @Test
  void embeddedModelsAreListedAndMarkedUntrainedAndLoad() {
    assertThat(EmbeddedModels.names()).contains("shapes-image", "shapes-video");
    for (String name : EmbeddedModels.names()) {
      ModelSource s = ModelSource.resolve(name);
      assertThat(s.location()).isEqualTo("embedded:" + name);
      assertThat(s.config().tokensPerFrame()).isGreaterThanOrEqualTo(64);
      try (DiT dit = DiT.load(s)) {
        assertThat(dit.config()).isEqualTo(s.config());
      }
    }
    assertThat(ModelSource.embedded("shapes-video").config().frames()).isEqualTo(8);
  }

  @Test
  void aDirectoryLoadsAndWeightsThatDoNotFitTheConfigAreRejectedByName() throws IOException {
    ModelConfig c = TinyConfigs.image();
    Files.writeString(dir.resolve("config.json"), c.toJson());
    SafetensorsWriter.write(dir.resolve("model.safetensors"), RandomInit.weights(c, 1), DType.F32, Map.of());
    try (DiT dit = DiT.load(ModelSource.resolve(dir.toString()))) {
      assertThat(dit.config()).isEqualTo(c);
    }
    Map<String, Tensor> wrong = new LinkedHashMap<>(RandomInit.weights(c, 1));
    wrong.put("blocks.1.qkv.weight", new Tensor(new long[] {2, 3}, new float[6]));
    SafetensorsWriter.write(dir.resolve("model.safetensors"), wrong, DType.F32, Map.of());
    assertThatThrownBy(() -> DiT.load(ModelSource.directory(dir)))
        .hasMessageContaining("model.safetensors").hasMessageContaining("'blocks.1.qkv.weight'")
        .hasMessageContaining("config needs [72, 24]");
    wrong.remove("blocks.1.qkv.weight");
    SafetensorsWriter.write(dir.resolve("model.safetensors"), wrong, DType.F32, Map.of());
    assertThatThrownBy(() -> DiT.load(ModelSource.directory(dir)))
        .hasMessageContaining("'blocks.1.qkv.weight'").hasMessageContaining("missing");
  }

  @Test
  void unknownModelListsTheEmbeddedOnes() {
    assertThatThrownBy(() -> ModelSource.resolve("nope"))
        .hasMessageContaining("no model 'nope'").hasMessageContaining("shapes-image, shapes-video");
    assertThatThrownBy(() -> ModelSource.resolve(dir.toString())).hasMessageContaining("needs config.json");
  }
}
