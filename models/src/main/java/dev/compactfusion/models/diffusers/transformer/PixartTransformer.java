package dev.compactfusion.models.diffusers.transformer;

import static dev.compactfusion.models.diffusers.transformer.Scopes.local;
import static dev.compactfusion.models.diffusers.transformer.Scopes.scoped;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.compactfusion.models.diffusers.format.Manifest;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.AttentionInput;
import dev.compactfusion.models.dit.BlockOps;
import dev.compactfusion.models.dit.StagePart;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.safetensors.TensorStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PixArt-α transformer of a diffusers checkpoint: DiT's patch embedding, sin-cos positions and
 * 28 × 1152 trunk, conditioned by adaLN-single (one timestep MLP and one projection to 6·width
 * for all blocks, plus each block's learned scale_shift_table) and reading the prompt through a
 * cross-attention to the projected caption tokens after each self-attention.
 *
 * <p>As in {@link DitTransformer}, everything but self-attention is token-local: the stages run on
 * any contiguous slice of the image tokens given its global {@link TokenRange}, and tokens meet
 * only inside the {@link Attention} hook. The cross-attention's queries are the local tokens and
 * its keys and values come from the caption every worker holds, so it is computed here and never
 * goes through the hook. {@link #blocks} runs any block range for a pipeline split. Every method
 * returns its result in the manager of its first array argument and frees its temporaries.
 */
public final class PixartTransformer implements AutoCloseable {
  /** Width of the sinusoidal timestep features (fixed in diffusers). */
  public static final int TIME_FEATURES = 256;
  /** PixArt's Timesteps use downscale_freq_shift 0 (DiT's use 1). */
  private static final float TIME_SHIFT = 0f;
  private static final float NORM_OUT_EPS = 1e-6f;
  /** The micro-conditions' two embedders, resolution (height and width) and aspect ratio. */
  static final List<String> SIZE_EMBEDDERS = List.of("resolution_embedder", "aspect_ratio_embedder");
  /** What diffusers turns a dropped caption token into: a bias of −10000 on its score. */
  private static final float DROPPED = -10000f;

  private final PixartConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> weights;
  private final StagePart part;
  private final float[] positions;
  private final NDArray ones;
  private final NDArray zeros;
  private final NDArray patchWeight;
  private final MicroConditions size;
  private final int rows;
  private final int cols;

  private PixartTransformer(PixartConfig config, NDManager manager, Map<String, NDArray> weights, StagePart part,
      DrawSize draw) {
    this.config = config;
    this.size = config.microConditions() ? draw.microConditions() : null;
    this.rows = draw.latentHeight() / config.patchSize();
    this.cols = draw.latentWidth() / config.patchSize();
    this.manager = manager;
    this.weights = weights;
    this.part = part;
    this.positions = SinCosPositions.table(rows, cols, config.grid(), config.width(), config.interpolationScale());
    this.ones = manager.ones(new Shape(config.width()));
    this.zeros = manager.zeros(new Shape(config.width()));
    // The patch conv has stride = kernel, so it is a linear map of each (channel, row, col) patch.
    this.patchWeight = part.embedding()
        ? weights.get("pos_embed.proj.weight").reshape(config.width(), config.patchIn())
        : null;
  }

  /** Checks {@code store} against the config's manifest and loads the whole transformer. */
  public static PixartTransformer load(PixartConfig config, TensorStore store) {
    return load(config, store, StagePart.whole(config.layers()), Device.cpu());
  }

  /**
   * Checks {@code store} against the config's manifest (names and shapes, from the headers) and
   * loads only {@code part}'s tensors ({@link PixartManifest#holds}) onto {@code device}.
   */
  public static PixartTransformer load(PixartConfig config, TensorStore store, StagePart part, Device device) {
    return load(config, store, part, device, null);
  }

  /**
   * As {@link #load(PixartConfig, TensorStore, StagePart, Device)}, drawing at {@code size}: its
   * latent grid sets the tokens and positions, and a model with micro-conditions embeds its pixel
   * size. Null: the config's square sample size (refused for a model with micro-conditions, which
   * must be told the pixels).
   */
  public static PixartTransformer load(PixartConfig config, TensorStore store, StagePart part, Device device,
      DrawSize size) {
    if (config.microConditions() && size == null) {
      throw new IllegalArgumentException("this PixArt embeds the image size (use_additional_conditions); load it with"
          + " the size it draws at");
    }
    DrawSize draw = size != null ? size : DrawSize.square(config.sampleSize(), 1);
    if (draw.latentHeight() % config.patchSize() != 0 || draw.latentWidth() % config.patchSize() != 0) {
      throw new IllegalArgumentException("latents of " + draw.latentHeight() + " x " + draw.latentWidth()
          + " do not split into the PixArt's " + config.patchSize() + " x " + config.patchSize() + " patches");
    }
    if (part.to() > config.layers()) {
      throw new IllegalArgumentException("blocks [" + part.from() + ", " + part.to() + ") are outside the PixArt's "
          + config.layers() + " blocks");
    }
    Manifest manifest = PixartManifest.of(config);
    manifest.check(store, "the PixArt config");
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Map<String, NDArray> weights = new HashMap<>();
      for (String name : manifest.shapes().keySet()) {
        if (PixartManifest.holds(part, name)) {
          Tensor t = Manifest.read(store, name);
          weights.put(name, manager.create(t.data(), new Shape(t.shape())));
        }
      }
      return new PixartTransformer(config, manager, weights, part, draw);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public PixartConfig config() {
    return config;
  }

  /** Where the weights live and the forward computes. */
  public Device device() {
    return manager.getDevice();
  }

  /** Bytes of the weights held in memory (fp32). */
  public long weightBytes() {
    return weights.values().stream().mapToLong(a -> a.size() * Float.BYTES).sum();
  }

  /** How many image tokens the transformer draws: its patch grid's rows × columns. */
  public int tokens() {
    return rows * cols;
  }

  /** Latents [B, C, H, W] → patches [B, T, C·p·p], tokens ordered (row, col). */
  public NDArray patchify(NDArray latents) {
    long[] s = latents.getShape().getShape();
    int p = config.patchSize();
    if (s.length != 4 || s[1] != config.inChannels() || s[2] != (long) rows * p || s[3] != (long) cols * p) {
      throw new IllegalArgumentException("patchify: latents have shape " + latents.getShape() + ", the PixArt needs [B, "
          + config.inChannels() + ", " + rows * p + ", " + cols * p + "]");
    }
    return Patches.patchify(latents, p, rows, cols);
  }

  /** Output patches [B, T, p·p·outC] → [B, outC, H, W]. */
  public NDArray unpatchify(NDArray patches) {
    long[] s = patches.getShape().getShape();
    if (s.length != 3 || s[1] != tokens() || s[2] != config.patchOut()) {
      throw new IllegalArgumentException("unpatchify: patches have shape " + patches.getShape() + ", the PixArt gives [B, "
          + tokens() + ", " + config.patchOut() + "]");
    }
    return Patches.unpatchify(patches, config.outChannels(), config.patchSize(), rows, cols);
  }

  /** The noise prediction of an output [B, outC, H, W]: the learned-variance channels dropped. */
  public NDArray noise(NDArray prediction) {
    return config.learnedSigma() ? prediction.get(":, 0:" + config.inChannels()) : prediction;
  }

  /**
   * The whole sequence on one worker: latents [B, C, H, W], prompt embeddings [B, L, caption]
   * and their mask [B, L] (1 = token, 0 = padding) → prediction [B, outC, H, W], variance included.
   */
  public NDArray forward(NDArray latents, float[] timesteps, NDArray promptEmbeds, NDArray promptMask,
      Attention attention, int step) {
    return scoped(latents, scope -> {
      NDArray patches = patchify(local(scope, latents));
      return unpatchify(forward(patches, new TokenRange(0, tokens()), timesteps, promptEmbeds, promptMask,
          attention, step));
    });
  }

  /** One worker's tokens through the whole model: patches [B, n, patchIn] of {@code range} → [B, n, patchOut]. */
  public NDArray forward(NDArray patches, TokenRange range, float[] timesteps, NDArray promptEmbeds,
      NDArray promptMask, Attention attention, int step) {
    return scoped(patches, scope -> {
      PixartConditioning cond = conditioning(scope, timesteps);
      PixartCaption caption = caption(local(scope, promptEmbeds), local(scope, promptMask));
      NDArray x = embed(local(scope, patches), range);
      x = blocks(x, cond, caption, range, 0, config.layers(), attention, step);
      return head(x, cond);
    });
  }

  /** Patch embedding plus positions: [B, n, patchIn] → hidden [B, n, width]. */
  public NDArray embed(NDArray patches, TokenRange range) {
    long[] s = patches.getShape().getShape();
    if (s.length != 3 || s[1] != range.length() || s[2] != config.patchIn()) {
      throw new IllegalArgumentException("embed: patches have shape " + patches.getShape() + ", expected [B, "
          + range.length() + ", " + config.patchIn() + "] for tokens [" + range.start() + ", " + range.end() + ")");
    }
    checkRange(range);
    part.requireEmbedding();
    int w = config.width();
    return scoped(patches, scope -> {
      NDArray x = Linear.linear(local(scope, patches), patchWeight, weights.get("pos_embed.proj.bias")).singletonOrThrow();
      float[] pos = Arrays.copyOfRange(positions, range.start() * w, range.end() * w);
      return x.add(scope.create(pos, new Shape(1, range.length(), w)));
    });
  }

  /** adaLN-single for one timestep per batch row, in {@code into}. */
  public PixartConditioning conditioning(NDManager into, float[] timesteps) {
    try (NDManager scope = into.newSubManager()) {
      NDArray f = scope.create(TimestepFeatures.of(timesteps, TIME_FEATURES, TIME_SHIFT),
          new Shape(timesteps.length, TIME_FEATURES));
      String e = "adaln_single.emb.timestep_embedder.";
      NDArray embedded = linear(Activation.swish(linear(f, e + "linear_1"), 1f), e + "linear_2");
      if (size != null) {
        embedded = embedded.add(sizeEmbedding(scope, timesteps.length));
      }
      NDArray modulation = linear(Activation.swish(embedded, 1f), "adaln_single.linear")
          .reshape(timesteps.length, 6, config.width());
      embedded.attach(into);
      modulation.attach(into);
      return new PixartConditioning(modulation, embedded);
    }
  }

  /**
   * [B, width]: the resolution embedding of (height, width) per row, [B, 2·width/3], then the
   * aspect ratio's, [B, width/3], each value through sinusoidal features and its own SiLU MLP.
   */
  private NDArray sizeEmbedding(NDManager scope, int rows) {
    float[] resolution = new float[2 * rows];
    float[] aspect = new float[rows];
    for (int r = 0; r < rows; r++) {
      resolution[2 * r] = size.height();
      resolution[2 * r + 1] = size.width();
      aspect[r] = size.aspectRatio();
    }
    NDArray res = sizeMlp(scope, resolution, SIZE_EMBEDDERS.get(0)).reshape(rows, -1);
    return res.concat(sizeMlp(scope, aspect, SIZE_EMBEDDERS.get(1)), 1);
  }

  private NDArray sizeMlp(NDManager scope, float[] values, String embedder) {
    NDArray f = scope.create(TimestepFeatures.of(values, TIME_FEATURES, TIME_SHIFT),
        new Shape(values.length, TIME_FEATURES));
    String e = "adaln_single.emb." + embedder + ".";
    return linear(Activation.swish(linear(f, e + "linear_1"), 1f), e + "linear_2");
  }

  /**
   * The caption projection (Linear, tanh-GELU, Linear) of prompt embeddings [B, L, caption] and
   * their mask [B, L] as the cross-attention's additive bias; both in the embeddings' manager.
   */
  public PixartCaption caption(NDArray promptEmbeds, NDArray promptMask) {
    long[] e = promptEmbeds.getShape().getShape();
    if (e.length != 3 || e[2] != config.captionChannels()) {
      throw new IllegalArgumentException("prompt embeddings have shape " + promptEmbeds.getShape() + ", the PixArt"
          + " needs [B, L, " + config.captionChannels() + "] from its text encoder");
    }
    if (!promptMask.getShape().equals(new Shape(e[0], e[1]))) {
      throw new IllegalArgumentException("the prompt mask has shape " + promptMask.getShape() + ", the embeddings"
          + " need [" + e[0] + ", " + e[1] + "] (one 0/1 entry per token)");
    }
    float[] mask;
    try (NDArray f = promptMask.toType(DataType.FLOAT32, true)) {
      mask = f.toFloatArray();
    }
    float[] bias = new float[mask.length];
    for (int i = 0; i < mask.length; i++) {
      if (mask[i] != 0f && mask[i] != 1f) {
        throw new IllegalArgumentException("the prompt mask holds " + mask[i] + " at entry " + i + "; it must be 0 or 1");
      }
      bias[i] = (1f - mask[i]) * DROPPED;
    }
    NDManager caller = promptEmbeds.getManager();
    NDArray tokens;
    try (NDManager scope = caller.newSubManager()) {
      NDArray x = local(scope, promptEmbeds);
      tokens = linear(BlockOps.geluTanh(linear(x, "caption_projection.linear_1")), "caption_projection.linear_2");
      tokens.attach(caller);
    }
    return new PixartCaption(tokens, caller.create(bias, new Shape(e[0], 1, 1, e[1])));
  }

  /**
   * Blocks [from, to) on hidden states [B, n, width] of the global token range {@code range}.
   * The hook sees the self-attention's q, k, v [B, heads, n, headDim] with the global block
   * index as its layer; the cross-attention is computed here.
   */
  public NDArray blocks(NDArray x, PixartConditioning cond, PixartCaption caption, TokenRange range, int from, int to,
      Attention attention, int step) {
    if (from < 0 || to < from || to > config.layers()) {
      throw new IllegalArgumentException("blocks [" + from + ", " + to + ") are outside the PixArt's 0.."
          + config.layers());
    }
    checkRange(range);
    part.requireBlocks(from, to);
    if (caption.tokens().getShape().get(0) != x.getShape().get(0)) {
      throw new IllegalArgumentException("the caption has " + caption.tokens().getShape().get(0) + " rows, the latents "
          + x.getShape().get(0) + "; give one prompt embedding per batch row ([uncond; cond] under guidance)");
    }
    return scoped(x, scope -> {
      NDArray h = local(scope, x);
      NDArray mod = local(scope, cond.modulation());
      NDArray tokens = local(scope, caption.tokens());
      NDArray bias = local(scope, caption.bias());
      for (int i = from; i < to; i++) {
        // Each block's temporaries are freed when it ends, as in DitTransformer.
        try (NDManager blockScope = scope.newSubManager()) {
          h.attach(blockScope);
          h = block(h, mod, tokens, bias, i, range, attention, step);
          h.attach(scope);
        }
      }
      return h;
    });
  }

  /** Final norm, shift/scale from the output table plus the timestep embedding, projection: → [B, n, patchOut]. */
  public NDArray head(NDArray x, PixartConditioning cond) {
    part.requireFinalLayer();
    return scoped(x, scope -> {
      NDList mod = local(scope, cond.embedded()).expandDims(1).add(weights.get("scale_shift_table")).split(2, 1);
      NDArray h = BlockOps.modulate(norm(local(scope, x), NORM_OUT_EPS), mod.get(0), mod.get(1));
      return linear(h, "proj_out");
    });
  }

  private NDArray block(NDArray x, NDArray modulation, NDArray tokens, NDArray bias, int layer, TokenRange range,
      Attention attention, int step) {
    String p = PixartManifest.block(layer);
    long b = x.getShape().get(0);
    long n = x.getShape().get(1);
    // shift, scale, gate for self-attention, then for the MLP: [B, 1, width] each.
    // The local array comes first so the sum lands in the block's scope, not with the weights.
    NDList mod = modulation.add(weights.get(p + "scale_shift_table")).split(6, 1);
    float eps = (float) config.normEps();
    NDArray h = BlockOps.modulate(norm(x, eps), mod.get(0), mod.get(1));
    NDArray q = heads(linear(h, p + "attn1.to_q"), b, n);
    NDArray k = heads(linear(h, p + "attn1.to_k"), b, n);
    NDArray v = heads(linear(h, p + "attn1.to_v"), b, n);
    NDArray attended = attention.attend(new AttentionInput(layer, step, range, q, k, v));
    x = x.add(mod.get(2).mul(linear(merge(attended, b, n), p + "attn1.to_out.0")));
    // PixArt reads the caption on the un-normalised hidden state, ungated.
    x = x.add(crossAttention(x, tokens, bias, p + "attn2.", b, n));
    h = BlockOps.modulate(norm(x, eps), mod.get(3), mod.get(4));
    h = linear(BlockOps.geluTanh(linear(h, p + "ff.net.0.proj")), p + "ff.net.2");
    return x.add(mod.get(5).mul(h));
  }

  private NDArray crossAttention(NDArray x, NDArray tokens, NDArray bias, String p, long b, long n) {
    long l = tokens.getShape().get(1);
    NDArray q = heads(linear(x, p + "to_q"), b, n);
    NDArray k = heads(linear(tokens, p + "to_k"), b, l);
    NDArray v = heads(linear(tokens, p + "to_v"), b, l);
    float scale = (float) (1.0 / Math.sqrt(config.headDim()));
    NDArray attended = q.mul(scale).matMul(k.transpose(0, 1, 3, 2)).add(bias).softmax(3).matMul(v);
    return linear(merge(attended, b, n), p + "to_out.0");
  }

  private NDArray heads(NDArray x, long b, long n) {
    return x.reshape(b, n, config.heads(), config.headDim()).transpose(0, 2, 1, 3);
  }

  private NDArray merge(NDArray attended, long b, long n) {
    return attended.transpose(0, 2, 1, 3).reshape(b, n, config.width());
  }

  private void checkRange(TokenRange range) {
    if (range.end() > tokens()) {
      throw new IllegalArgumentException("tokens [" + range.start() + ", " + range.end() + ") exceed the PixArt's "
          + tokens() + " at this size");
    }
  }

  private NDArray norm(NDArray x, float eps) {
    return LayerNorm.layerNorm(x, new Shape(config.width()), ones, zeros, eps).singletonOrThrow();
  }

  private NDArray linear(NDArray x, String name) {
    return Linear.linear(x, weights.get(name + ".weight"), weights.get(name + ".bias")).singletonOrThrow();
  }

  @Override
  public void close() {
    manager.close();
  }
}
