package dev.compactfusion.models.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.format.ConfigFile;
import dev.compactfusion.models.diffusers.transformer.DrawSize;
import dev.compactfusion.models.diffusers.transformer.PixartCaption;
import dev.compactfusion.models.diffusers.transformer.PixartConditioning;
import dev.compactfusion.models.diffusers.transformer.PixartConfig;
import dev.compactfusion.models.diffusers.transformer.PixartTransformer;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.AttentionInput;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.dit.StagePart;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import dev.compactfusion.models.safetensors.TensorStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java PixArt-α transformer against the independent PyTorch reference's tiny model. */
class PixartTransformerTest {
  private static PixartConfig config;
  private static PixartTransformer model;
  private static NDManager manager;

  @BeforeAll
  static void load() {
    config = PixartConfig.read(PixartFixtures.config("transformer"));
    model = PixartTransformer.load(config, weights());
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    model.close();
    manager.close();
  }

  private static TensorStore weights() {
    return PixartFixtures.weights("transformer", "diffusion_pytorch_model.safetensors");
  }

  private static NDArray latents() {
    return manager.create(PixartFixtures.values("forward.latents"),
        new Shape(2, config.inChannels(), config.sampleSize(), config.sampleSize()));
  }

  private static NDArray embeds() {
    return manager.create(PixartFixtures.values("forward.prompt_embeds"),
        new Shape(2, PixartFixtures.TOKENS, config.captionChannels()));
  }

  private static NDArray mask() {
    return manager.create(PixartFixtures.values("forward.prompt_attention_mask"), new Shape(2, PixartFixtures.TOKENS));
  }

  @Test
  void configReadsTheTinyModel() {
    assertThat(config).isEqualTo(new PixartConfig(2, 2, 8, 4, 8, 2, 8, 32, 1e-6, 1f));
    assertThat(config.learnedSigma()).isTrue();
  }

  @Test
  void forwardMatchesTheReference() {
    for (String run : new String[] {"forward", "forward2"}) {
      float[] out = model.forward(latents(), PixartFixtures.values(run + ".timesteps"), embeds(), mask(),
          new ExactAttention(), 0).toFloatArray();
      float[] expected = PixartFixtures.values(run + ".output");
      Fixtures.report("PixArt " + run, out, expected);
      assertThat(Fixtures.relativeError(out, expected)).isLessThan(1e-4);
    }
  }

  /**
   * A non-square size: the tiny trunk told sample size 32 (PixArt-α-256's, so the 256 bins apply)
   * drawing the portrait bin 368 x 176, latents 46 x 22, a 23 x 11 patch grid whose positions are
   * stretched to the 16 x 16 base grid's range; one guided forward matches the reference.
   */
  @Test
  void nonSquareForwardMatchesTheReference() {
    Path dir = Fixtures.resource("reference/pixart-aspect/transformer");
    PixartConfig aspect = PixartConfig.read(ConfigFile.read(dir.resolve("config.json")));
    TensorStore store = MappedSafetensors.open(dir.resolve("diffusion_pytorch_model.safetensors"));
    Path outputs = Fixtures.resource("reference/pixart-aspect-outputs.safetensors");
    float[] x = MappedSafetensors.open(outputs).tensor("portrait.latents").data();
    float[] expected = MappedSafetensors.open(outputs).tensor("portrait.output").data();
    int tokens = 120;
    try (PixartTransformer m = PixartTransformer.load(aspect, store, StagePart.whole(aspect.layers()), Device.cpu(),
        new DrawSize(46, 22, 368, 176))) {
      assertThat(m.tokens()).isEqualTo(23 * 11);
      float[] out = m.forward(manager.create(x, new Shape(2, 4, 46, 22)), new float[] {741f, 741f},
          manager.create(PixartFixtures.values("run.prompt_embeds"), new Shape(2, tokens, 32)),
          manager.create(PixartFixtures.values("run.attention_mask"), new Shape(2, tokens)), new ExactAttention(), 0)
          .toFloatArray();
      Fixtures.report("PixArt 368x176", out, expected);
      assertThat(Fixtures.relativeError(out, expected)).isLessThan(1e-4);
      assertThatThrownBy(() -> m.patchify(manager.create(x, new Shape(2, 4, 22, 46))))
          .hasMessageContaining("[B, 4, 46, 22]");
    }
    assertThatThrownBy(() -> PixartTransformer.load(aspect, store, StagePart.whole(aspect.layers()), Device.cpu(),
        new DrawSize(45, 22, 360, 176))).hasMessageContaining("2 x 2 patches");
  }

  /**
   * The 1024 models' micro-conditions: a 24-wide tiny PixArt with use_additional_conditions told
   * a 1024 x 768 image (tools/reference: pixart-micro) matches the reference's guided forward.
   */
  @Test
  void microConditionsMatchTheReference() {
    Path dir = Fixtures.resource("reference/pixart-micro/transformer");
    PixartConfig micro = PixartConfig.read(ConfigFile.read(
        dir.resolve("config.json")));
    assertThat(micro.microConditions()).isTrue();
    TensorStore store = MappedSafetensors.open(
        dir.resolve("diffusion_pytorch_model.safetensors"));
    Path outputs = Fixtures.resource("reference/pixart-micro-outputs.safetensors");
    float[] x = MappedSafetensors.open(outputs).tensor("micro.latents").data();
    float[] e = MappedSafetensors.open(outputs).tensor("micro.prompt_embeds")
        .data();
    float[] expected = MappedSafetensors.open(outputs).tensor("micro.output")
        .data();
    assertThatThrownBy(() -> PixartTransformer.load(micro, store)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("embeds the image size");
    try (PixartTransformer m = PixartTransformer.load(micro, store, StagePart.whole(micro.layers()), Device.cpu(),
        new DrawSize(8, 8, 1024, 768))) {
      float[] out = m.forward(manager.create(x, new Shape(2, 4, 8, 8)), new float[] {741f, 741f},
          manager.create(e, new Shape(2, PixartFixtures.TOKENS, 32)), mask(), new ExactAttention(), 0).toFloatArray();
      Fixtures.report("PixArt micro-conditions", out, expected);
      assertThat(Fixtures.relativeError(out, expected)).isLessThan(1e-4);
      // the size matters: another size gives another output
      try (PixartTransformer square = PixartTransformer.load(micro, store, StagePart.whole(micro.layers()),
          Device.cpu(), new DrawSize(8, 8, 1024, 1024))) {
        float[] other = square.forward(manager.create(x, new Shape(2, 4, 8, 8)), new float[] {741f, 741f},
            manager.create(e, new Shape(2, PixartFixtures.TOKENS, 32)), mask(), new ExactAttention(), 0)
            .toFloatArray();
        assertThat(Fixtures.relativeError(other, expected)).isGreaterThan(1e-3);
      }
    }
  }

  @Test
  void noiseDropsTheLearnedVarianceChannels() {
    NDArray out = model.forward(latents(), PixartFixtures.values("forward.timesteps"), embeds(), mask(),
        new ExactAttention(), 0);
    NDArray noise = model.noise(out);
    assertThat(noise.getShape()).isEqualTo(new Shape(2, 4, 8, 8));
    assertThat(noise.toFloatArray()).containsExactly(out.get(":, 0:4").toFloatArray());
  }

  @Test
  void paddedCaptionTokensDoNotMatter() {
    float[] t = PixartFixtures.values("forward.timesteps");
    float[] expected = model.forward(latents(), t, embeds(), mask(), new ExactAttention(), 0).toFloatArray();
    NDArray other = embeds();
    other.set(new NDIndex("0, 1:, :"), 7f); // row 0 keeps only its first token
    float[] out = model.forward(latents(), t, other, mask(), new ExactAttention(), 0).toFloatArray();
    assertThat(out).containsExactly(expected);
  }

  @Test
  void twoStagesChainedEqualTheWholeTransformer() {
    float[] t = PixartFixtures.values("forward.timesteps");
    TokenRange all = new TokenRange(0, config.tokens());
    try (PixartTransformer a = PixartTransformer.load(config, weights(), new StagePart(0, 1, true, false),
            Device.cpu());
        PixartTransformer b = PixartTransformer.load(config, weights(), new StagePart(1, 2, false, true),
            Device.cpu())) {
      NDArray patches = model.patchify(latents());
      float[] expected = model.forward(patches, all, t, embeds(), mask(), new ExactAttention(), 0).toFloatArray();
      PixartConditioning ca = a.conditioning(manager, t);
      PixartCaption capA = a.caption(embeds(), mask());
      NDArray h = a.blocks(a.embed(patches, all), ca, capA, all, 0, 1, new ExactAttention(), 0);
      PixartConditioning cb = b.conditioning(manager, t);
      PixartCaption capB = b.caption(embeds(), mask());
      float[] chained = b.head(b.blocks(h, cb, capB, all, 1, 2, new ExactAttention(), 0), cb).toFloatArray();
      assertThat(chained).containsExactly(expected);
      assertThat(a.weightBytes() + b.weightBytes()).isGreaterThan(model.weightBytes()); // both hold the conditioning
      assertThatThrownBy(() -> b.embed(patches, all)).hasMessageContaining("patch embedding is not loaded");
      assertThatThrownBy(() -> a.head(h, ca)).hasMessageContaining("final layer is not loaded");
    }
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
  void aTokenSliceWithTheFullKeysAndValuesMatchesTheFullRun() {
    float[] t = PixartFixtures.values("forward.timesteps");
    NDArray patches = model.patchify(latents());
    Recording full = new Recording();
    NDArray whole = model.forward(patches, new TokenRange(0, config.tokens()), t, embeds(), mask(), full, 0);

    TokenRange slice = new TokenRange(3, 11);
    List<AttentionInput> seen = new ArrayList<>();
    Attention overFullSequence = in -> {
      seen.add(in);
      NDArray[] kv = full.kv.get(in.layer());
      return ExactAttention.softmaxAttention(in.q(), kv[0], kv[1]);
    };
    NDArray part = model.forward(patches.get(":, 3:11, :"), slice, t, embeds(), mask(), overFullSequence, 5);

    // only the self-attention goes through the hook: one call per block, local queries only
    assertThat(seen).hasSize(config.layers());
    assertThat(seen.get(1).layer()).isEqualTo(1);
    assertThat(seen.get(0).step()).isEqualTo(5);
    assertThat(seen.get(0).tokens()).isEqualTo(slice);
    assertThat(seen.get(0).q().getShape()).isEqualTo(new Shape(2, config.heads(), 8, config.headDim()));
    float[] expected = whole.get(":, 3:11, :").toFloatArray();
    assertThat(Fixtures.relativeError(part.toFloatArray(), expected)).isLessThan(1e-5);
  }

  @Test
  void embeddingsOrMaskOfTheWrongShapeAreOneLineErrors() {
    float[] t = PixartFixtures.values("forward.timesteps");
    NDArray narrow = manager.zeros(new Shape(2, PixartFixtures.TOKENS, 31));
    assertThatThrownBy(() -> model.forward(latents(), t, narrow, mask(), new ExactAttention(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs [B, L, 32] from its text encoder");
    NDArray shortMask = manager.ones(new Shape(2, 39));
    assertThatThrownBy(() -> model.forward(latents(), t, embeds(), shortMask, new ExactAttention(), 0))
        .hasMessageContaining("the prompt mask has shape (2, 39), the embeddings need [2, 40]");
    NDArray oneRow = manager.zeros(new Shape(1, PixartFixtures.TOKENS, 32));
    assertThatThrownBy(() -> model.forward(latents(), t, oneRow, manager.ones(new Shape(1, 40)), new ExactAttention(), 0))
        .hasMessageContaining("give one prompt embedding per batch row");
  }
}
