package dev.compactfusion.models.diffusers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.compactfusion.models.diffusers.format.ConfigFile;
import dev.compactfusion.models.diffusers.format.Manifest;
import dev.compactfusion.models.diffusers.transformer.DitConfig;
import dev.compactfusion.models.diffusers.transformer.DitManifest;
import dev.compactfusion.models.diffusers.vae.AttentionKeys;
import dev.compactfusion.models.diffusers.vae.VaeConfig;
import dev.compactfusion.models.diffusers.vae.VaeManifest;
import dev.compactfusion.models.safetensors.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The manifests the real DiT-XL-2-256 configs imply reproduce the published files byte for byte:
 * the safetensors header the Rust writer would produce (metadata {"format":"pt"}, tensors sorted
 * by name, compact JSON, padded to 8 bytes) plus fp32 data.
 */
class DitXlManifestTest {

  @Test
  void transformerManifestGivesTheRealFileSize() {
    DitConfig c = DitConfig.read(ConfigFile.read(Fixtures.resource("diffusers/dit-xl-2-256/transformer/config.json")));
    assertThat(c.width()).isEqualTo(1152);
    assertThat(c.tokens()).isEqualTo(256);
    Manifest m = DitManifest.of(c);
    assertThat(m.shapes()).hasSize(538);
    assertThat(fileSize(m)).isEqualTo(2_999_370_408L);
  }

  /** The same size rule reproduces the reference writer's tiny files, whose headers can be read. */
  @Test
  void sizeRuleMatchesTheReferenceFiles() throws IOException {
    DitPipelineFolder tiny = DitPipelineFolder.open(Fixtures.plain());
    assertThat(fileSize(DitManifest.of(tiny.transformerConfig())))
        .isEqualTo(Files.size(Fixtures.plain().resolve("transformer/diffusion_pytorch_model.safetensors")));
    assertThat(fileSize(VaeManifest.of(tiny.vaeConfig(), AttentionKeys.LEGACY)))
        .isEqualTo(Files.size(Fixtures.plain().resolve("vae/diffusion_pytorch_model.safetensors")));
  }

  @Test
  void vaeManifestGivesTheRealFileSize() {
    VaeConfig c = VaeConfig.read(ConfigFile.read(Fixtures.resource("diffusers/dit-xl-2-256/vae/config.json")));
    assertThat(c.scalingFactor()).isEqualTo(0.18215);
    Manifest m = VaeManifest.of(c, AttentionKeys.LEGACY);
    assertThat(m.shapes()).hasSize(248);
    assertThat(fileSize(m)).isEqualTo(334_643_276L);
    // the other spelling names the same tensors differently; the file would differ only in its header
    assertThat(VaeManifest.of(c, AttentionKeys.CURRENT).parameters()).isEqualTo(m.parameters());
  }

  private static long fileSize(Manifest m) {
    Map<String, long[]> sorted = new TreeMap<>(m.shapes());
    JsonObject header = new JsonObject();
    JsonObject meta = new JsonObject();
    meta.addProperty("format", "pt");
    header.add("__metadata__", meta);
    long offset = 0;
    for (Map.Entry<String, long[]> e : sorted.entrySet()) {
      JsonObject entry = new JsonObject();
      entry.addProperty("dtype", "F32");
      JsonArray shape = new JsonArray();
      for (long d : e.getValue()) {
        shape.add(d);
      }
      entry.add("shape", shape);
      long bytes = 4 * Tensor.elementsOf(e.getValue());
      JsonArray offsets = new JsonArray();
      offsets.add(offset);
      offsets.add(offset + bytes);
      entry.add("data_offsets", offsets);
      header.add(e.getKey(), entry);
      offset += bytes;
    }
    long json = header.toString().getBytes(StandardCharsets.UTF_8).length;
    return 8 + (json + 7) / 8 * 8 + offset;
  }
}
