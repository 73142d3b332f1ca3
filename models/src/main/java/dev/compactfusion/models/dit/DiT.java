package dev.compactfusion.models.dit;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.prompt.Attribute;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.safetensors.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A diffusion transformer (DiT with adaLN-Zero) predicting the rectified-flow velocity v = ε − x0
 * of patch tokens. Pixels are in [−1, 1]. Weights live in this model's own NDManager until
 * {@link #close()}.
 *
 * <p>Everything except attention is token-local, so {@link #velocity} runs on any contiguous slice
 * of the sequence given its global {@link TokenRange}; tokens only meet inside the {@link Attention}
 * hook, which is how the engine parallelises the model without the model knowing.
 *
 * <p>A pipeline stage loads only its {@link StagePart}: the pieces it does not hold fail by name.
 */
public final class DiT implements AutoCloseable {
  private static final float LN_EPS = 1e-6f;

  private final ModelConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> weights;
  private final StagePart part;
  private final float[] positions;
  private final NDArray lnOnes;
  private final NDArray lnZeros;

  private DiT(ModelConfig config, NDManager manager, Map<String, NDArray> weights, StagePart part) {
    this.config = config;
    this.manager = manager;
    this.weights = weights;
    this.part = part;
    this.positions = PositionalEmbedding.table(config);
    this.lnOnes = manager.ones(new Shape(config.width()));
    this.lnZeros = manager.zeros(new Shape(config.width()));
  }

  /** Loads config and weights; every tensor's shape is checked against the config. */
  public static DiT load(ModelSource source) {
    return load(source, StagePart.whole(source.config().depth()));
  }

  /**
   * Loads only the weights of {@code part}: the other tensors of the file are never read (a
   * memory-mapped file never pages them in).
   */
  public static DiT load(ModelSource source, StagePart part) {
    return load(source, part, Device.cpu());
  }

  /** As {@link #load(ModelSource, StagePart)}, with the weights on {@code device}. */
  public static DiT load(ModelSource source, StagePart part, Device device) {
    return create(source.config(), WeightLayout.read(source.config(), part, source.weights()), part, device);
  }

  /** A model from fp32 tensors named and shaped as {@link WeightLayout#shapes} says. */
  public static DiT create(ModelConfig config, Map<String, Tensor> tensors) {
    return create(config, tensors, StagePart.whole(config.depth()), Device.cpu());
  }

  private static DiT create(ModelConfig config, Map<String, Tensor> tensors, StagePart part, Device device) {
    if (part.to() > config.depth()) {
      throw new IllegalArgumentException("blocks [" + part.from() + ", " + part.to() + ") are not within model "
          + config.name() + "'s " + config.depth() + " blocks");
    }
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Map<String, NDArray> weights = new LinkedHashMap<>();
      WeightLayout.shapes(config, part).forEach((name, shape) -> {
        Tensor t = tensors.get(name);
        if (t == null) {
          throw new IllegalArgumentException("weights for model " + config.name() + ": tensor '" + name + "' is missing");
        }
        if (!Arrays.equals(t.shape(), shape)) {
          throw new IllegalArgumentException("weights for model " + config.name() + ": tensor '" + name
              + "' has shape " + Arrays.toString(t.shape()) + ", the config needs " + Arrays.toString(shape));
        }
        NDArray a = manager.create(t.data(), new Shape(shape));
        a.setName(name);
        weights.put(name, a);
      });
      return new DiT(config, manager, Collections.unmodifiableMap(weights), part);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Where the weights live and the forward computes. */
  public Device device() {
    return manager.getDevice();
  }

  public ModelConfig config() {
    return config;
  }

  /** The parameters by name (live arrays in this model's manager; a trainer updates them in place). */
  public Map<String, NDArray> parameters() {
    return weights;
  }

  /** Bytes of the parameters held in memory (fp32, whatever the file stored). */
  public long weightBytes() {
    return weights.values().stream().mapToLong(a -> a.size() * Float.BYTES).sum();
  }

  /** [B, F, H, W, C] → [B, T, P] with T = F·(H/p)·(W/p) ordered (frame, row, col), P = p·p·C. */
  public NDArray patchify(NDArray pixels) {
    long[] s = pixels.getShape().getShape();
    int p = config.patchSize();
    int g = config.gridSize();
    if (s.length != 5 || s[1] != config.frames() || s[2] != config.imageSize() || s[3] != config.imageSize()
        || s[4] != config.channels()) {
      throw new IllegalArgumentException("patchify: pixels have shape " + pixels.getShape() + ", model "
          + config.name() + " needs [B, " + config.frames() + ", " + config.imageSize() + ", "
          + config.imageSize() + ", " + config.channels() + "]");
    }
    return pixels.reshape(s[0], s[1], g, p, g, p, s[4])
        .transpose(0, 1, 2, 4, 3, 5, 6)
        .reshape(s[0], config.tokens(), config.patchDim());
  }

  /** Inverse of {@link #patchify}: [B, T, P] → [B, F, H, W, C]. */
  public NDArray unpatchify(NDArray tokens) {
    long[] s = tokens.getShape().getShape();
    if (s.length != 3 || s[1] != config.tokens() || s[2] != config.patchDim()) {
      throw new IllegalArgumentException("unpatchify: tokens have shape " + tokens.getShape() + ", model "
          + config.name() + " needs [B, " + config.tokens() + ", " + config.patchDim() + "]");
    }
    int p = config.patchSize();
    int g = config.gridSize();
    return tokens.reshape(s[0], config.frames(), g, g, p, p, config.channels())
        .transpose(0, 1, 2, 4, 3, 5, 6)
        .reshape(s[0], config.frames(), config.imageSize(), config.imageSize(), config.channels());
  }

  /**
   * Predicted velocity of this worker's tokens.
   *
   * @param xTokens noisy tokens [B, range.length(), P] of the global range {@code range}
   * @param t diffusion time per batch row [B] in [0, 1] (1 = pure noise)
   * @param cond one condition per batch row
   * @param attention the hook that sees q, k, v [B, heads, range.length(), headDim] of every block
   * @param step denoising step index, passed through to the hook
   * @return velocity [B, range.length(), P], owned by xTokens' NDManager; every temporary is freed
   */
  public NDArray velocity(NDArray xTokens, TokenRange range, NDArray t, Condition[] cond, Attention attention, int step) {
    long[] xs = xTokens.getShape().getShape();
    int b = (int) xs[0];
    int n = range.length();
    if (xs.length != 3 || xs[1] != n || xs[2] != config.patchDim()) {
      throw new IllegalArgumentException("velocity: tokens have shape " + xTokens.getShape() + ", expected [B, "
          + n + ", " + config.patchDim() + "] for range [" + range.start() + ", " + range.end() + ")");
    }
    if (range.end() > config.tokens()) {
      throw new IllegalArgumentException("velocity: range [" + range.start() + ", " + range.end()
          + ") exceeds the model's " + config.tokens() + " tokens");
    }
    if (t.getShape().dimension() != 1 || t.getShape().get(0) != b || cond.length != b) {
      throw new IllegalArgumentException("velocity: batch " + b + " needs t of shape [" + b + "] and " + b
          + " conditions, got t " + t.getShape() + " and " + cond.length);
    }
    part.requireBlocks(0, config.depth());
    part.requireEmbedding();
    part.requireFinalLayer();
    NDManager caller = xTokens.getManager();
    try (NDManager scope = caller.newSubManager()) {
      // Copies of the caller's inputs in the scope, so every op below lands in the scope.
      NDArray input = xTokens.duplicate();
      input.attach(scope);
      NDArray times = t.toType(DataType.FLOAT32, true);
      times.attach(scope);
      NDArray cAct = conditioning(times, cond);
      NDArray x = blocks(embed(input, range), cAct, 0, config.depth(), range, attention, step);
      NDArray out = output(x, cAct);
      out.attach(caller);
      return out;
    }
  }

  /*
   * The pieces of velocity() in order, for a pipeline that runs them on different workers: the
   * embedding, a contiguous range of blocks, and the final layer. Each one's operations land in
   * its first argument's NDManager; together they compute exactly what velocity() computes.
   */

  /** Hidden states entering block 0: the patch embedding of tokens [B, n, P] of {@code range} plus their positions. */
  public NDArray embed(NDArray xTokens, TokenRange range) {
    part.requireEmbedding();
    int w = config.width();
    NDArray pos = xTokens.getManager().create(Arrays.copyOfRange(positions, range.start() * w, range.end() * w),
        new Shape(1, range.length(), w));
    return linear(xTokens, "patch_embed").add(pos);
  }

  /** The adaLN conditioning every block and the final layer read: SiLU(time + condition embedding), [B, W]. */
  public NDArray conditioning(NDArray t, Condition[] cond) {
    NDManager scope = t.getManager();
    return Activation.swish(timeEmbedding(scope, t).add(conditionEmbedding(scope, cond)), 1f);
  }

  /** Blocks [from, to) on hidden states [B, n, W] of {@code range}. */
  public NDArray blocks(NDArray hidden, NDArray cAct, int from, int to, TokenRange range, Attention attention,
      int step) {
    if (from < 0 || to > config.depth() || from > to) {
      throw new IllegalArgumentException("blocks [" + from + ", " + to + ") are not within the model's "
          + config.depth() + " blocks");
    }
    part.requireBlocks(from, to);
    NDArray x = hidden;
    for (int layer = from; layer < to; layer++) {
      x = block(x, cAct, layer, range, attention, step);
    }
    return x;
  }

  /** The final layer: hidden states [B, n, W] after the last block to the velocity [B, n, P]. */
  public NDArray output(NDArray hidden, NDArray cAct) {
    part.requireFinalLayer();
    NDList mod = linear(cAct, "final.ada").expandDims(1).split(2, 2);
    return linear(BlockOps.modulate(norm(hidden), mod.get(0), mod.get(1)), "final.linear");
  }

  private NDArray block(NDArray x, NDArray cAct, int layer, TokenRange range, Attention attention, int step) {
    String p = "blocks." + layer + ".";
    long b = x.getShape().get(0);
    long n = x.getShape().get(1);
    int w = config.width();
    // shift/scale/gate for attention, then for the MLP: [B, 1, W] each.
    NDList mod = linear(cAct, p + "ada").expandDims(1).split(6, 2);
    NDArray h = BlockOps.modulate(norm(x), mod.get(0), mod.get(1));
    NDArray qkv = linear(h, p + "qkv")
        .reshape(b, n, 3, config.heads(), config.headDim())
        .transpose(2, 0, 3, 1, 4);
    NDArray attended = attention.attend(
        new AttentionInput(layer, step, range, qkv.get(0), qkv.get(1), qkv.get(2)));
    NDArray merged = attended.transpose(0, 2, 1, 3).reshape(b, n, w);
    x = x.add(mod.get(2).mul(linear(merged, p + "proj")));
    h = BlockOps.modulate(norm(x), mod.get(3), mod.get(4));
    h = linear(BlockOps.geluTanh(linear(h, p + "fc1")), p + "fc2");
    return x.add(mod.get(5).mul(h));
  }

  private NDArray timeEmbedding(NDManager scope, NDArray t) {
    int half = WeightLayout.TIME_FEATURES / 2;
    float[] freqs = new float[half];
    for (int i = 0; i < half; i++) {
      freqs[i] = (float) Math.exp(-Math.log(10000.0) * i / half);
    }
    // DiT's convention: timesteps on a 0..1000 scale.
    NDArray args = t.mul(1000f).expandDims(1).mul(scope.create(freqs, new Shape(1, half)));
    NDArray features = args.cos().concat(args.sin(), 1);
    return linear(Activation.swish(linear(features, "time_embed.fc1"), 1f), "time_embed.fc2");
  }

  /** Sum over attributes of each attribute's table row (a one-hot product, so the tables get gradients). */
  private NDArray conditionEmbedding(NDManager scope, Condition[] cond) {
    List<Attribute> attributes = config.vocabulary().attributes();
    NDArray sum = null;
    for (int a = 0; a < attributes.size(); a++) {
      int entries = attributes.get(a).entries();
      float[] oneHot = new float[cond.length * entries];
      for (int i = 0; i < cond.length; i++) {
        if (cond[i].attributes() != attributes.size()) {
          throw new IllegalArgumentException("condition " + cond[i] + " has " + cond[i].attributes()
              + " attributes, model " + config.name() + " has " + attributes.size());
        }
        int id = cond[i].id(a);
        if (id >= entries) {
          throw new IllegalArgumentException("condition id " + id + " is out of range for attribute '"
              + attributes.get(a).name() + "' (" + entries + " entries)");
        }
        oneHot[i * entries + id] = 1f;
      }
      // duplicate(): an array made from a Java buffer aliases that buffer on CPU, and it is freed
      // once this scope closes; training's backward pass, which runs after velocity() returns,
      // reads this operand of the matMul again (it crashed until the copy was torch-owned).
      NDArray e = scope.create(oneHot, new Shape(cond.length, entries)).duplicate()
          .matMul(weights.get(WeightLayout.conditionTable(attributes.get(a).name())));
      sum = sum == null ? e : sum.add(e);
    }
    return sum;
  }

  private NDArray norm(NDArray x) {
    return LayerNorm.layerNorm(x, new Shape(config.width()), lnOnes, lnZeros, LN_EPS).singletonOrThrow();
  }

  private NDArray linear(NDArray x, String name) {
    return Linear.linear(x, weights.get(name + ".weight"), weights.get(name + ".bias")).singletonOrThrow();
  }

  @Override
  public void close() {
    manager.close();
  }
}
