package dev.compactfusion.models.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.format.ConfigFile;
import dev.compactfusion.models.diffusers.format.Manifest;
import dev.compactfusion.models.diffusers.t5.T5Config;
import dev.compactfusion.models.diffusers.t5.T5Manifest;
import dev.compactfusion.models.diffusers.transformer.PixartConfig;
import dev.compactfusion.models.diffusers.transformer.PixartManifest;
import dev.compactfusion.models.safetensors.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PixArt and T5 manifests: the tiny reference files reproduce byte for byte, and the real
 * PixArt-XL-2 transformer and T5-XXL configs give files of the published (rounded) sizes.
 */
class PixartManifestTest {

  @Test
  void sizeRuleMatchesTheReferenceFiles() throws IOException {
    PixartConfig p = PixartConfig.read(PixartFixtures.config("transformer"));
    assertThat(fileSize(PixartManifest.of(p))).isEqualTo(
        Files.size(PixartFixtures.folder().resolve("transformer/diffusion_pytorch_model.safetensors")));
    T5Config t = T5Config.read(PixartFixtures.config("text_encoder"));
    assertThat(fileSize(T5Manifest.of(t, false))).isEqualTo(
        Files.size(PixartFixtures.folder().resolve("text_encoder/model.safetensors")));
  }

  /**
   * The config is PixArt-XL-2-512x512's transformer/config.json (its keys as published on
   * huggingface.co/PixArt-alpha/PixArt-XL-2-512x512; EMA bookkeeping keys left out). No exact
   * byte count of the real weights file was found, only the repository listings, which round to
   * three digits in decimal GB: huggingface.co/PixArt-alpha/PixArt-XL-2-256x256/tree/main/transformer
   * lists "2.44 GB" for the same trunk at sample size 32 (no positions stored, so the same tensor
   * set), and that is what is checked. The 512 listing says "2.45 GB": that file holds 1.5 to
   * 11.5 MB more than this manifest (perhaps the position table as a stored buffer, or unused
   * micro-condition embedders); which tensors is unknown until a real file's header is read, and a
   * load would refuse it naming the first unexpected tensor.
   */
  @Test
  void pixartXlTransformerManifestHasThePublishedSize() throws IOException {
    Path real = Fixtures.resource("diffusers/pixart-xl-2-512x512/transformer/config.json");
    PixartConfig c512 = PixartConfig.read(ConfigFile.read(real));
    assertThat(c512.width()).isEqualTo(1152);
    assertThat(c512.tokens()).isEqualTo(1024);
    assertThat(c512.interpolationScale()).isEqualTo(1f);
    Manifest m = PixartManifest.of(c512);
    // 0.61 B parameters, the figure published for PixArt-α
    assertThat(m.parameters()).isBetween(605_000_000L, 615_000_000L);
    PixartConfig c256 = new PixartConfig(28, 16, 72, 4, 8, 2, 32, 4096, 1e-6, 1f);
    Manifest m256 = PixartManifest.of(c256);
    assertThat(m256.shapes().keySet()).isEqualTo(m.shapes().keySet());
    assertThat(m256.parameters()).isEqualTo(m.parameters());
    assertThat(Math.round(fileSize(m) / 1e7) / 100.0).isEqualTo(2.44);
  }

  /**
   * T5-v1.1-XXL as PixArt-XL-2-512x512's text_encoder/config.json describes it (keys as published
   * for the T5 v1.1 XXL encoder). The repository's listing
   * (huggingface.co/PixArt-alpha/PixArt-XL-2-512x512/tree/main/text_encoder) gives the four fp32
   * shards as 4.99, 5, 4.87 and 4.19 GB: 19.05 GB, each rounded, so within ±0.02 GB. The manifest's
   * tensor bytes fall there; with the tied embed_tokens copy stored as well they would not.
   */
  @Test
  void t5XxlManifestMatchesThePublishedShardSizes() {
    T5Config c = T5Config.read(ConfigFile.read(
        Fixtures.resource("diffusers/pixart-xl-2-512x512/text_encoder/config.json")));
    assertThat(c).isEqualTo(new T5Config(24, 4096, 64, 64, 10240, 32128, 32, 128, 1e-6));
    double gb = 4.0 * T5Manifest.of(c, false).parameters() / 1e9;
    assertThat(gb).isBetween(19.03, 19.07);
    assertThat(4.0 * T5Manifest.of(c, true).parameters() / 1e9).isGreaterThan(19.07);
  }

  @Test
  void sample128SwitchesTheMicroConditionsOnAndOtherWidthsAreRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    String base = Files.readString(Fixtures.resource("diffusers/pixart-xl-2-512x512/transformer/config.json"));
    Files.writeString(file, base.replace("\"sample_size\": 64", "\"sample_size\": 128"));
    PixartConfig c1024 = PixartConfig.read(ConfigFile.read(file));
    assertThat(c1024.microConditions()).isTrue();
    // two size embedders, each 256 features -> 384 -> 384 (a third of 1152): 493,056 more parameters
    Manifest m = PixartManifest.of(c1024);
    assertThat(m.shapes().get("adaln_single.emb.resolution_embedder.linear_1.weight")).containsExactly(384, 256);
    assertThat(m.shapes().get("adaln_single.emb.aspect_ratio_embedder.linear_2.weight")).containsExactly(384, 384);
    PixartConfig c512 = PixartConfig.read(ConfigFile.read(
        Fixtures.resource("diffusers/pixart-xl-2-512x512/transformer/config.json")));
    assertThat(m.parameters() - PixartManifest.of(c512).parameters()).isEqualTo(493_056L);
    Files.writeString(file, base.replace("\"sample_size\": 64", "\"sample_size\": 128, \"use_additional_conditions\": false"));
    assertThat(PixartConfig.read(ConfigFile.read(file)).microConditions()).isFalse();
    Files.writeString(file, base.replace("\"cross_attention_dim\": 1152", "\"cross_attention_dim\": 768"));
    assertThatThrownBy(() -> PixartConfig.read(ConfigFile.read(file)))
        .hasMessageContaining("\"cross_attention_dim\" is 768");
    Files.writeString(file, base.replace("\"norm_type\": \"ada_norm_single\"", "\"norm_type\": \"ada_norm_zero\""));
    assertThatThrownBy(() -> PixartConfig.read(ConfigFile.read(file)))
        .hasMessageContaining("\"norm_type\" is \"ada_norm_zero\", only ada_norm_single is supported");
  }

  /** The Rust safetensors writer's layout: {"format":"pt"} metadata, sorted names, compact JSON padded to 8. */
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
