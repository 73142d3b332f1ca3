package dev.compactfusion.models.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.transformer.DitConfig;
import dev.compactfusion.models.diffusers.transformer.DitTransformer;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import dev.compactfusion.models.safetensors.SafetensorsWriter;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.safetensors.TensorStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint is accepted whole or refused with one line naming file and tensor. */
class DitXlCheckpointTest {
  private static final String TRANSFORMER = "transformer/diffusion_pytorch_model.safetensors";

  @TempDir Path tmp;

  private Path copy(Path from) throws IOException {
    Path to = tmp.resolve(from.getFileName().toString());
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  /** Rewrites the transformer's weights after {@code edit}. */
  private Path editedTransformer(Consumer<Map<String, Tensor>> edit) throws IOException {
    Path dir = copy(Fixtures.plain());
    TensorStore store = MappedSafetensors.open(dir.resolve(TRANSFORMER));
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    store.names().forEach(n -> tensors.put(n, store.tensor(n)));
    edit.accept(tensors);
    SafetensorsWriter.write(dir.resolve(TRANSFORMER), tensors, DType.F32, Map.of("format", "pt"));
    return dir;
  }

  private static void assertOneLine(Throwable e, String... parts) {
    assertThat(e).isInstanceOf(CheckpointException.class);
    assertThat(e.getMessage()).doesNotContain("\n").contains(parts);
  }

  @Test
  void shardedFolderLoadsIdentically() {
    DitPipelineFolder plain = DitPipelineFolder.open(Fixtures.plain());
    DitPipelineFolder sharded = DitPipelineFolder.open(Fixtures.sharded());
    TensorStore a = plain.transformerWeights();
    TensorStore b = sharded.transformerWeights();
    assertThat(b.names()).containsExactlyInAnyOrderElementsOf(a.names());
    assertThat(b.fileOf("transformer_blocks.1.ff.net.2.bias")).endsWith("diffusion_pytorch_model-00002-of-00002.safetensors");
    for (String n : a.names()) {
      assertThat(b.tensor(n).data()).as(n).containsExactly(a.tensor(n).data());
    }
    try (DitTransformer x = plain.loadTransformer(); DitTransformer y = sharded.loadTransformer();
        NDManager m = NDManager.newBaseManager()) {
      DitConfig c = x.config();
      var latents = m.create(Fixtures.values("forward.latents"), new Shape(2, c.inChannels(), c.sampleSize(), c.sampleSize()));
      float[] t = Fixtures.values("forward.timesteps");
      int[] y2 = Fixtures.ints("forward.class_labels");
      assertThat(y.forward(latents, t, y2, new ExactAttention(), 0).toFloatArray())
          .containsExactly(x.forward(latents, t, y2, new ExactAttention(), 0).toFloatArray());
    }
  }

  @Test
  void truncatedTensorFileNamesFileAndTensor() throws IOException {
    Path dir = copy(Fixtures.plain());
    Path file = dir.resolve(TRANSFORMER);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() - 100);
    }
    DitPipelineFolder folder = DitPipelineFolder.open(dir);
    assertThatThrownBy(folder::loadTransformer)
        .satisfies(e -> assertOneLine(e, file.toString(), "transformer_blocks.1.norm1.linear.weight", "truncated"));
  }

  @Test
  void misshapenTensorIsNamed() throws IOException {
    Path dir = editedTransformer(t -> t.put("proj_out_2.bias", new Tensor(new long[] {31}, new float[31])));
    assertThatThrownBy(() -> DitPipelineFolder.open(dir).loadTransformer())
        .satisfies(e -> assertOneLine(e, TRANSFORMER, "'proj_out_2.bias'", "[31]", "[32]"));
  }

  @Test
  void extraTensorIsNamed() throws IOException {
    Path dir = editedTransformer(t -> t.put("pos_embed.pos_embed", new Tensor(new long[] {1, 16, 16}, new float[256])));
    assertThatThrownBy(() -> DitPipelineFolder.open(dir).loadTransformer())
        .satisfies(e -> assertOneLine(e, TRANSFORMER, "'pos_embed.pos_embed'", "not part of"));
  }

  @Test
  void missingTensorIsNamed() throws IOException {
    Path dir = editedTransformer(t -> t.remove("transformer_blocks.1.attn1.to_k.bias"));
    assertThatThrownBy(() -> DitPipelineFolder.open(dir).loadTransformer())
        .satisfies(e -> assertOneLine(e, TRANSFORMER, "'transformer_blocks.1.attn1.to_k.bias'", "missing"));
  }

  @Test
  void perBlockEmbeddingCopiesMustAgree() throws IOException {
    String name = "transformer_blocks.1.norm1.emb.class_embedder.embedding_table.weight";
    Path dir = editedTransformer(t -> {
      float[] v = t.get(name).data().clone();
      v[17] += 1f;
      t.put(name, new Tensor(t.get(name).shape(), v));
    });
    assertThatThrownBy(() -> DitPipelineFolder.open(dir).loadTransformer())
        .satisfies(e -> assertOneLine(e, TRANSFORMER, name, "block 0"));
  }

  @Test
  void folderOfAnotherPipelineFamilyIsRefused() throws IOException {
    Path dir = copy(Fixtures.plain());
    Path index = dir.resolve("model_index.json");
    Files.writeString(index, Files.readString(index).replace("DiTPipeline", "StableDiffusionPipeline"));
    assertThatThrownBy(() -> DitPipelineFolder.open(dir))
        .satisfies(e -> assertOneLine(e, index.toString(), "StableDiffusionPipeline", "not a DiTPipeline"));
  }

  /** An Euler config that asks for Karras sigmas (or any σ option off its default) is refused, not ignored. */
  @Test
  void eulerSigmaOptionsOffTheirDefaultsAreRefused() throws IOException {
    Path dir = copy(Fixtures.plain());
    Path config = dir.resolve("scheduler/scheduler_config.json");
    Files.writeString(config, Files.readString(config).replace("\"DDIMScheduler\"",
        "\"EulerDiscreteScheduler\", \"use_karras_sigmas\": true, \"interpolation_type\": \"linear\""));
    assertThatThrownBy(() -> DitPipelineFolder.open(dir).schedulerConfig())
        .satisfies(e -> assertOneLine(e, config.toString(), "use_karras_sigmas", "only false is supported"));
  }

  @Test
  void transformerOfAnotherFamilyIsRefused() throws IOException {
    Path dir = copy(Fixtures.plain());
    Path config = dir.resolve("transformer/config.json");
    Files.writeString(config, Files.readString(config).replace("ada_norm_zero", "ada_norm_single"));
    assertThatThrownBy(() -> DitPipelineFolder.open(dir))
        .satisfies(e -> assertOneLine(e, config.toString(), "norm_type", "ada_norm_single"));
  }

  @Test
  void shardIndexMustAgreeWithItsShards() throws IOException {
    Path dir = copy(Fixtures.sharded());
    Path index = dir.resolve("transformer/diffusion_pytorch_model.safetensors.index.json");
    Files.writeString(index, Files.readString(index).replaceFirst(
        "(\"transformer_blocks.1.ff.net.2.bias\": \")diffusion_pytorch_model-00002", "$1diffusion_pytorch_model-00001"));
    assertThatThrownBy(() -> DitPipelineFolder.open(dir).transformerWeights())
        .satisfies(e -> assertOneLine(e, "00001-of-00002", "'transformer_blocks.1.ff.net.2.bias'", "missing"));
  }

  @Test
  void vaeWithAMissingTensorIsNamed() throws IOException {
    Path dir = copy(Fixtures.plain());
    Path file = dir.resolve("vae/diffusion_pytorch_model.safetensors");
    TensorStore store = MappedSafetensors.open(file);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    store.names().stream().filter(n -> !n.equals("encoder.conv_out.bias")).forEach(n -> tensors.put(n, store.tensor(n)));
    SafetensorsWriter.write(file, tensors, DType.F32, Map.of());
    assertThatThrownBy(() -> DitPipelineFolder.open(dir).loadVae())
        .satisfies(e -> assertOneLine(e, "vae", "'encoder.conv_out.bias'", "missing"));
  }
}
