package dev.compactfusion.models.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which repository files a pull selects; the rules that keep .bin weights and variants out. */
class PullFileSelectionTest {
  private static final HubRepo REPO = new HubRepo("org/pipe", "main");

  @Test
  void componentsAreTheModelIndexEntriesWithALibraryAndClass() {
    var index = JsonParser.parseString("{\"_class_name\": \"StableDiffusionPipeline\", \"_diffusers_version\": \"0.30\","
        + " \"id2label\": {\"0\": \"tench\"}, \"safety_checker\": [null, null], \"text_encoder\": [\"transformers\", \"T5EncoderModel\"],"
        + " \"tokenizer\": [\"transformers\", \"T5Tokenizer\"], \"vae\": [\"diffusers\", \"AutoencoderKL\"]}").getAsJsonObject();
    assertThat(FileSelection.components(index)).containsExactly("text_encoder", "tokenizer", "vae");
  }

  @Test
  void aComponentNameThatIsNotAFolderNameIsRefused() {
    var index = JsonParser.parseString("{\"../up\": [\"diffusers\", \"X\"]}").getAsJsonObject();
    assertThatThrownBy(() -> FileSelection.components(index)).isInstanceOf(HubException.class).hasMessageContaining("../up");
  }

  @Test
  void configsTokenizerFilesAndPlainSafetensorsAreTakenNotBinsOrVariants() {
    List<String> files = List.of("text_encoder/config.json", "text_encoder/model.safetensors", "text_encoder/model.fp16.safetensors",
        "text_encoder/pytorch_model.bin", "text_encoder/flax_model.msgpack", "text_encoder/sub/extra.json",
        "tokenizer/spiece.model", "tokenizer/merges.txt", "tokenizer/tokenizer_config.json", "text_encoder_2/config.json");
    assertThat(FileSelection.component("text_encoder", files, REPO)).isEqualTo(new FileSelection.Component("text_encoder",
        List.of("text_encoder/config.json", "text_encoder/model.safetensors"), Optional.empty()));
    assertThat(FileSelection.component("tokenizer", files, REPO).files())
        .containsExactly("tokenizer/spiece.model", "tokenizer/merges.txt", "tokenizer/tokenizer_config.json");
  }

  @Test
  void aShardedComponentIsItsIndexThenTheShardsItLists() {
    List<String> files = List.of("transformer/config.json", "transformer/diffusion_pytorch_model.safetensors.index.json",
        "transformer/diffusion_pytorch_model-00001-of-00002.safetensors",
        "transformer/diffusion_pytorch_model-00002-of-00002.safetensors", "transformer/diffusion_pytorch_model.bin.index.json");
    FileSelection.Component c = FileSelection.component("transformer", files, REPO);
    assertThat(c.files()).containsExactly("transformer/config.json");
    assertThat(c.shardIndex()).contains("transformer/diffusion_pytorch_model.safetensors.index.json");
    var index = JsonParser.parseString("{\"weight_map\": {\"b\": \"diffusion_pytorch_model-00002-of-00002.safetensors\","
        + " \"a\": \"diffusion_pytorch_model-00001-of-00002.safetensors\", \"c\": \"diffusion_pytorch_model-00001-of-00002.safetensors\"}}")
        .getAsJsonObject();
    assertThat(FileSelection.shards(c.shardIndex().get(), index, files)).containsExactly(
        "transformer/diffusion_pytorch_model-00001-of-00002.safetensors",
        "transformer/diffusion_pytorch_model-00002-of-00002.safetensors");
  }

  @Test
  void aShardOutsideTheRepositoryOrFolderIsRefused() {
    List<String> files = List.of("vae/diffusion_pytorch_model.safetensors.index.json");
    var escape = JsonParser.parseString("{\"weight_map\": {\"a\": \"../x.safetensors\"}}").getAsJsonObject();
    assertThatThrownBy(() -> FileSelection.shards(files.get(0), escape, files)).hasMessageContaining("../x.safetensors");
    var missing = JsonParser.parseString("{\"weight_map\": {\"a\": \"shard.safetensors\"}}").getAsJsonObject();
    assertThatThrownBy(() -> FileSelection.shards(files.get(0), missing, files)).hasMessageContaining("not a file of the repository");
  }

  @Test
  void binOnlyWeightsAreRefusedPointingAtASafetensorsRevision() {
    List<String> files = List.of("transformer/config.json", "transformer/diffusion_pytorch_model.bin");
    assertThatThrownBy(() -> FileSelection.component("transformer", files, REPO)).isInstanceOf(HubException.class)
        .hasMessageContaining("transformer/ of org/pipe@main has only .bin weights")
        .hasMessageContaining("--revision refs/pr/N");
  }

  @Test
  void aNamedComponentWithoutFilesIsAnError() {
    assertThatThrownBy(() -> FileSelection.component("vae", List.of("model_index.json"), REPO))
        .hasMessageContaining("names component vae but org/pipe@main has no vae/ files");
  }

  @Test
  void lfsPointersParseAndOrdinaryContentDoesNot() {
    String oid = "a".repeat(64);
    assertThat(LfsPointer.parse("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize 12345\n"))
        .contains(new LfsPointer(oid, 12345));
    assertThat(LfsPointer.parse("{\"_class_name\": \"DiTPipeline\"}")).isEmpty();
    assertThat(LfsPointer.parse("version https://git-lfs.github.com/spec/v1\noid sha256:xyz\nsize 1\n")).isEmpty();
  }

  @Test
  void repositoryAndRevisionParse() {
    assertThat(HubRepo.parse("facebook/DiT-XL-2-256@refs/pr/1", null)).isEqualTo(new HubRepo("facebook/DiT-XL-2-256", "refs/pr/1"));
    assertThat(HubRepo.parse("facebook/DiT-XL-2-256", "refs/pr/1").encodedRevision()).isEqualTo("refs%2Fpr%2F1");
    assertThat(HubRepo.parse("gpt2", null).revision()).isEqualTo("main");
    assertThatThrownBy(() -> HubRepo.parse("a/b/c", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HubRepo.parse("a/..", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HubRepo.parse("a/b@", null)).isInstanceOf(IllegalArgumentException.class);
  }
}
