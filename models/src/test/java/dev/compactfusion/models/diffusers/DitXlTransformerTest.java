package dev.compactfusion.models.diffusers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.transformer.DitConfig;
import dev.compactfusion.models.diffusers.transformer.DitTransformer;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.AttentionInput;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.dit.TokenRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DitXlTransformerTest {
  private static DitTransformer model;
  private static NDManager manager;

  @BeforeAll
  static void load() {
    model = DitPipelineFolder.open(Fixtures.plain()).loadTransformer();
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    model.close();
    manager.close();
  }

  private static NDArray latents() {
    DitConfig c = model.config();
    return manager.create(Fixtures.values("forward.latents"), new Shape(2, c.inChannels(), c.sampleSize(), c.sampleSize()));
  }

  @Test
  void forwardMatchesTheReference() {
    float[] out = model.forward(latents(), Fixtures.values("forward.timesteps"), Fixtures.ints("forward.class_labels"),
        new ExactAttention(), 0).toFloatArray();
    float[] expected = Fixtures.values("forward.output");
    Fixtures.report("transformer forward", out, expected);
    assertThat(Fixtures.relativeError(out, expected)).isLessThan(1e-4);
  }

  @Test
  void blockRangesComposeToTheWholeModel() {
    DitConfig c = model.config();
    TokenRange all = new TokenRange(0, c.tokens());
    float[] t = Fixtures.values("forward.timesteps");
    int[] y = Fixtures.ints("forward.class_labels");
    NDArray cond = model.conditioning(manager, t, y);
    NDArray x = model.embed(model.patchify(latents()), all);
    for (int layer = 0; layer < c.layers(); layer++) {
      x = model.blocks(x, cond, all, layer, layer + 1, new ExactAttention(), 0);
    }
    float[] out = model.unpatchify(model.head(x, cond)).toFloatArray();
    assertThat(Fixtures.relativeError(out, Fixtures.values("forward.output"))).isLessThan(1e-5);
  }

  /** Keeps every layer's full k and v from a whole-sequence run, so a slice can attend over them. */
  private static final class Recording implements Attention {
    final Map<Integer, NDArray[]> kv = new HashMap<>();

    @Override
    public NDArray attend(AttentionInput in) {
      NDArray k = in.k().duplicate();
      NDArray v = in.v().duplicate();
      k.attach(manager);
      v.attach(manager);
      kv.put(in.layer(), new NDArray[] {k, v});
      return ExactAttention.softmaxAttention(in.q(), in.k(), in.v());
    }
  }

  @Test
  void aTokenSliceSeesGlobalPositionsAndMatchesTheFullRun() {
    DitConfig c = model.config();
    float[] t = Fixtures.values("forward.timesteps");
    int[] y = Fixtures.ints("forward.class_labels");
    NDArray patches = model.patchify(latents());
    Recording full = new Recording();
    NDArray whole = model.forward(patches, new TokenRange(0, c.tokens()), t, y, full, 0);

    TokenRange slice = new TokenRange(5, 13);
    List<AttentionInput> seen = new ArrayList<>();
    Attention overFullSequence = in -> {
      seen.add(in);
      NDArray[] kv = full.kv.get(in.layer());
      return ExactAttention.softmaxAttention(in.q(), kv[0], kv[1]);
    };
    NDArray part = model.forward(patches.get(":, 5:13, :"), slice, t, y, overFullSequence, 7);

    assertThat(seen).hasSize(c.layers());
    assertThat(seen.get(1).layer()).isEqualTo(1);
    assertThat(seen.get(0).step()).isEqualTo(7);
    assertThat(seen.get(0).tokens()).isEqualTo(slice);
    assertThat(seen.get(0).q().getShape()).isEqualTo(new Shape(2, c.heads(), 8, c.headDim()));
    float[] expected = whole.get(":, 5:13, :").toFloatArray();
    assertThat(Fixtures.relativeError(part.toFloatArray(), expected)).isLessThan(1e-5);
  }
}
