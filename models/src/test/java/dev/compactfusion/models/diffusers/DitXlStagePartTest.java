package dev.compactfusion.models.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.transformer.DitConfig;
import dev.compactfusion.models.diffusers.transformer.DitTransformer;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.dit.StagePart;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.safetensors.TensorStore;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A pipeline stage of the tiny 2-block DiT folder loads only its part: exactly its block's
 * {@code transformer_blocks.i.*} tensors (the block's own copy of the conditioning included) plus
 * {@code pos_embed} on the first stage and {@code proj_out_*} on the last, and nothing else is
 * read. The two stages chained compute what the whole transformer computes.
 */
class DitXlStagePartTest {

  /** A store that records which tensors were read (the header-only calls are not reads). */
  private static final class Recording implements TensorStore {
    final TensorStore inner;
    final Set<String> read = new TreeSet<>();

    Recording(TensorStore inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public Set<String> names() {
      return inner.names();
    }

    @Override
    public long[] shape(String tensor) {
      return inner.shape(tensor);
    }

    @Override
    public DType dtype(String tensor) {
      return inner.dtype(tensor);
    }

    @Override
    public String fileOf(String tensor) {
      return inner.fileOf(tensor);
    }

    @Override
    public Tensor tensor(String tensor) {
      read.add(tensor);
      return inner.tensor(tensor);
    }
  }

  private static Set<String> named(Set<String> names, String... prefixes) {
    return names.stream().filter(n -> {
      for (String p : prefixes) {
        if (n.startsWith(p)) {
          return true;
        }
      }
      return false;
    }).collect(Collectors.toCollection(TreeSet::new));
  }

  private static long fp32Bytes(TensorStore store, Set<String> names) {
    return names.stream().mapToLong(n -> Tensor.elementsOf(store.shape(n)) * Float.BYTES).sum();
  }

  @Test
  void eachStageReadsOnlyItsOwnTensors() {
    DitPipelineFolder folder = DitPipelineFolder.open(Fixtures.plain());
    DitConfig c = folder.transformerConfig();
    Recording first = new Recording(folder.transformerWeights());
    Recording last = new Recording(folder.transformerWeights());
    try (DitTransformer a = DitTransformer.load(c, first, new StagePart(0, 1, true, false));
        DitTransformer b = DitTransformer.load(c, last, new StagePart(1, 2, false, true))) {
      assertThat(first.read).isEqualTo(named(first.names(), "transformer_blocks.0.", "pos_embed."));
      assertThat(last.read).isEqualTo(named(last.names(), "transformer_blocks.1.", "proj_out_"));
      // What a stage holds is what it read, once each, as fp32.
      assertThat(a.weightBytes()).isEqualTo(fp32Bytes(first, first.read));
      assertThat(b.weightBytes()).isEqualTo(fp32Bytes(last, last.read));
    }
  }

  @Test
  void twoStagesChainedEqualTheWholeTransformer() {
    DitPipelineFolder folder = DitPipelineFolder.open(Fixtures.plain());
    DitConfig c = folder.transformerConfig();
    float[] t = Fixtures.values("forward.timesteps");
    int[] y = Fixtures.ints("forward.class_labels");
    TokenRange all = new TokenRange(0, c.tokens());
    try (DitTransformer whole = folder.loadTransformer();
        DitTransformer a = folder.loadTransformer(new StagePart(0, 1, true, false));
        DitTransformer b = folder.loadTransformer(new StagePart(1, 2, false, true));
        NDManager m = NDManager.newBaseManager()) {
      NDArray latents = m.create(Fixtures.values("forward.latents"),
          new Shape(2, c.inChannels(), c.sampleSize(), c.sampleSize()));
      NDArray patches = whole.patchify(latents);
      float[] expected = whole.forward(patches, all, t, y, new ExactAttention(), 0).toFloatArray();
      NDArray h = a.blocks(a.embed(patches, all), a.conditioning(m, t, y), all, 0, 1, new ExactAttention(), 0);
      NDArray cond = b.conditioning(m, t, y);
      float[] chained = b.head(b.blocks(h, cond, all, 1, 2, new ExactAttention(), 0), cond).toFloatArray();
      assertThat(chained).containsExactly(expected);

      assertThatThrownBy(() -> b.embed(patches, all)).hasMessageContaining("patch embedding is not loaded");
      assertThatThrownBy(() -> a.blocks(h, cond, all, 1, 2, new ExactAttention(), 0))
          .hasMessageContaining("blocks [1, 2) are not loaded on this worker, which holds only blocks [0, 1)");
      assertThatThrownBy(() -> a.head(h, cond)).hasMessageContaining("final layer is not loaded");
    }
  }
}
