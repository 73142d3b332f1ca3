package dev.compactfusion.models.diffusers.transformer;

import static dev.compactfusion.models.diffusers.transformer.Scopes.local;
import static dev.compactfusion.models.diffusers.transformer.Scopes.scoped;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.format.Manifest;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.BlockOps;
import dev.compactfusion.models.dit.StagePart;
import dev.compactfusion.models.dit.AttentionInput;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.safetensors.TensorStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The DiT transformer of a diffusers checkpoint (DiT-XL/2 and its smaller siblings): patch
 * embedding plus fixed sin-cos positions, adaLN-Zero blocks conditioned on timestep and class,
 * a final shift/scale and projection to patches of noise (and learned variance).
 *
 * <p>Everything but attention is token-local, so the stages run on any contiguous slice of the
 * token sequence given its global {@link TokenRange}; tokens meet only inside the
 * {@link Attention} hook. {@link #blocks} runs any block range so a pipeline split can hand the
 * hidden state from one worker to the next. Weights stay in this model's NDManager until
 * {@link #close()}; every method returns its result in the manager of its first array argument
 * and frees its temporaries.
 */
public final class DitTransformer implements AutoCloseable {
  private static final float NORM1_EPS = 1e-6f;
  private static final float NORM_OUT_EPS = 1e-6f;

  private final DitConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> weights;
  private final StagePart part;
  /** Where the held copy of the timestep MLP lives: the first held block's {@code norm1.emb.}. */
  private final String embedPrefix;
  private final float[] classTable;
  private final float[] positions;
  private final NDArray ones;
  private final NDArray zeros;
  private final NDArray patchWeight;

  private DitTransformer(DitConfig config, NDManager manager, Map<String, NDArray> weights, StagePart part,
      float[] classTable) {
    this.config = config;
    this.manager = manager;
    this.weights = weights;
    this.part = part;
    this.embedPrefix = DitManifest.embed(part.from());
    this.classTable = classTable;
    this.positions = SinCosPositions.table(config.grid(), config.width());
    this.ones = manager.ones(new Shape(config.width()));
    this.zeros = manager.zeros(new Shape(config.width()));
    // The patch conv has stride = kernel, so it is a linear map of each (channel, row, col) patch.
    this.patchWeight = part.embedding()
        ? weights.get("pos_embed.proj.weight").reshape(config.width(), config.patchIn())
        : null;
  }

  /** Checks {@code store} against the config's manifest and loads the whole transformer. */
  public static DitTransformer load(DitConfig config, TensorStore store) {
    return load(config, store, StagePart.whole(config.layers()));
  }

  /**
   * Checks {@code store} against the config's manifest (names and shapes, from the headers) and
   * loads only {@code part}: its blocks' {@code transformer_blocks.i.*}, with {@code pos_embed}
   * when it embeds and {@code proj_out_*} when it runs the final layer; no other tensor is read.
   * The per-block copies of the timestep MLP and class table must equal the part's first block's;
   * one copy is kept.
   */
  public static DitTransformer load(DitConfig config, TensorStore store, StagePart part) {
    return load(config, store, part, Device.cpu());
  }

  /** As {@link #load(DitConfig, TensorStore, StagePart)}, with the weights on {@code device}. */
  public static DitTransformer load(DitConfig config, TensorStore store, StagePart part, Device device) {
    if (part.to() > config.layers()) {
      throw new IllegalArgumentException("blocks [" + part.from() + ", " + part.to() + ") are outside the DiT's "
          + config.layers() + " blocks");
    }
    Manifest manifest = DitManifest.of(config);
    manifest.check(store, "the DiT config");
    String embed = DitManifest.embed(part.from());
    Map<String, Tensor> shared = new HashMap<>();
    for (String name : DitManifest.SHARED) {
      shared.put(name, Manifest.read(store, embed + name));
    }
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Map<String, NDArray> weights = new HashMap<>();
      for (String name : manifest.shapes().keySet()) {
        if (!DitManifest.holds(part, name)) {
          continue;
        }
        String sharedName = sharedSuffix(name);
        if (sharedName != null) {
          if (!name.startsWith(embed)) {
            checkSameAsFirst(store, name, shared.get(sharedName), part.from());
            continue;
          }
          if (sharedName.startsWith("class_embedder")) {
            continue;
          }
        }
        Tensor t = Manifest.read(store, name);
        weights.put(name, manager.create(t.data(), new Shape(t.shape())));
      }
      float[] table = shared.get("class_embedder.embedding_table.weight").data();
      return new DitTransformer(config, manager, weights, part, table);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static String sharedSuffix(String name) {
    int at = name.indexOf(".norm1.emb.");
    return at < 0 ? null : name.substring(at + ".norm1.emb.".length());
  }

  private static void checkSameAsFirst(TensorStore store, String name, Tensor first, int firstBlock) {
    if (!Arrays.equals(Manifest.read(store, name).data(), first.data())) {
      throw new CheckpointException(store.fileOf(name) + ": tensor '" + name + "' differs from block " + firstBlock
          + "'s copy; DiT conditions every block on the same embedding");
    }
  }

  /** Bytes of the weights held in memory (fp32), the class table included, each shared copy once. */
  public long weightBytes() {
    long arrays = weights.values().stream().mapToLong(a -> a.size() * Float.BYTES).sum();
    return arrays + (long) classTable.length * Float.BYTES;
  }

  /** Where the weights live and the forward computes. */
  public Device device() {
    return manager.getDevice();
  }

  public DitConfig config() {
    return config;
  }

  /** Latents [B, C, H, W] → patches [B, T, C·p·p], tokens ordered (row, col). */
  public NDArray patchify(NDArray latents) {
    long[] s = latents.getShape().getShape();
    int p = config.patchSize();
    int g = config.grid();
    if (s.length != 4 || s[1] != config.inChannels() || s[2] != config.sampleSize() || s[3] != config.sampleSize()) {
      throw new IllegalArgumentException("patchify: latents have shape " + latents.getShape() + ", the DiT needs [B, "
          + config.inChannels() + ", " + config.sampleSize() + ", " + config.sampleSize() + "]");
    }
    return Patches.patchify(latents, p, g);
  }

  /** Output patches [B, T, p·p·outC] → [B, outC, H, W]. */
  public NDArray unpatchify(NDArray patches) {
    long[] s = patches.getShape().getShape();
    int p = config.patchSize();
    int g = config.grid();
    if (s.length != 3 || s[1] != config.tokens() || s[2] != config.patchOut()) {
      throw new IllegalArgumentException("unpatchify: patches have shape " + patches.getShape() + ", the DiT gives [B, "
          + config.tokens() + ", " + config.patchOut() + "]");
    }
    return Patches.unpatchify(patches, config.outChannels(), p, g);
  }

  /** The whole sequence on one worker: latents [B, C, H, W] → prediction [B, outC, H, W]. */
  public NDArray forward(NDArray latents, float[] timesteps, int[] classes, Attention attention, int step) {
    return scoped(latents, scope -> {
      NDArray patches = patchify(local(scope, latents));
      return unpatchify(forward(patches, new TokenRange(0, config.tokens()), timesteps, classes, attention, step));
    });
  }

  /**
   * One worker's tokens through the whole model.
   *
   * @param patches [B, range.length(), patchIn] of the global token range {@code range}
   * @param timesteps diffusion timestep per batch row, on the 0..num_train_timesteps scale
   * @param classes class id per batch row; {@link DitConfig#nullClass()} for the unconditional row
   * @return output patches [B, range.length(), patchOut]
   */
  public NDArray forward(NDArray patches, TokenRange range, float[] timesteps, int[] classes, Attention attention,
      int step) {
    return scoped(patches, scope -> {
      NDArray cond = conditioning(scope, timesteps, classes);
      NDArray x = embed(local(scope, patches), range);
      x = blocks(x, cond, range, 0, config.layers(), attention, step);
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

  /** The conditioning vector (timestep MLP + class row) per batch row, [B, width], in {@code into}. */
  public NDArray conditioning(NDManager into, float[] timesteps, int[] classes) {
    if (timesteps.length != classes.length) {
      throw new IllegalArgumentException("conditioning: " + timesteps.length + " timesteps but " + classes.length + " classes");
    }
    int w = config.width();
    float[] rows = new float[classes.length * w];
    for (int b = 0; b < classes.length; b++) {
      if (classes[b] < 0 || classes[b] > config.nullClass()) {
        throw new IllegalArgumentException("class " + classes[b] + " is outside 0.." + config.nullClass()
            + " (" + config.nullClass() + " = unconditional)");
      }
      System.arraycopy(classTable, classes[b] * w, rows, b * w, w);
    }
    try (NDManager scope = into.newSubManager()) {
      NDArray f = scope.create(TimestepFeatures.of(timesteps, DitConfig.TIME_FEATURES),
          new Shape(timesteps.length, DitConfig.TIME_FEATURES));
      String e = embedPrefix + "timestep_embedder.";
      NDArray t = linear(Activation.swish(linear(f, e + "linear_1"), 1f), e + "linear_2");
      NDArray out = t.add(scope.create(rows, new Shape(classes.length, w)));
      out.attach(into);
      return out;
    }
  }

  /**
   * Blocks [from, to) on hidden states [B, n, width] of the global token range {@code range}.
   * The hook sees q, k, v [B, heads, n, headDim] with the global block index as its layer.
   */
  public NDArray blocks(NDArray x, NDArray cond, TokenRange range, int from, int to, Attention attention, int step) {
    if (from < 0 || to < from || to > config.layers()) {
      throw new IllegalArgumentException("blocks [" + from + ", " + to + ") are outside the DiT's 0.." + config.layers());
    }
    checkRange(range);
    part.requireBlocks(from, to);
    return scoped(x, scope -> {
      NDArray h = local(scope, x);
      NDArray act = Activation.swish(local(scope, cond), 1f);
      for (int i = from; i < to; i++) {
        // Each block's temporaries (the MLP's alone are 4 × width per token) are freed when the
        // block ends, with its input, instead of piling up over all blocks of the forward: the
        // allocator then reuses warm memory, and XL's peak memory drops by gigabytes.
        try (NDManager blockScope = scope.newSubManager()) {
          h.attach(blockScope);
          h = block(h, act, i, range, attention, step);
          h.attach(scope);
        }
      }
      return h;
    });
  }

  /** Final adaptive norm and projection: hidden [B, n, width] → patches [B, n, patchOut]. */
  public NDArray head(NDArray x, NDArray cond) {
    part.requireFinalLayer();
    return scoped(x, scope -> {
      NDList mod = linear(Activation.swish(local(scope, cond), 1f), "proj_out_1").expandDims(1).split(2, 2);
      NDArray h = BlockOps.modulate(norm(local(scope, x), NORM_OUT_EPS), mod.get(0), mod.get(1));
      return linear(h, "proj_out_2");
    });
  }

  private NDArray block(NDArray x, NDArray act, int layer, TokenRange range, Attention attention, int step) {
    String p = DitManifest.block(layer);
    long b = x.getShape().get(0);
    long n = x.getShape().get(1);
    // shift, scale, gate for attention, then for the MLP: [B, 1, width] each.
    NDList mod = linear(act, p + "norm1.linear").expandDims(1).split(6, 2);
    NDArray h = BlockOps.modulate(norm(x, NORM1_EPS), mod.get(0), mod.get(1));
    NDArray q = heads(linear(h, p + "attn1.to_q"), b, n);
    NDArray k = heads(linear(h, p + "attn1.to_k"), b, n);
    NDArray v = heads(linear(h, p + "attn1.to_v"), b, n);
    NDArray attended = attention.attend(new AttentionInput(layer, step, range, q, k, v));
    NDArray merged = attended.transpose(0, 2, 1, 3).reshape(b, n, config.width());
    x = x.add(mod.get(2).mul(linear(merged, p + "attn1.to_out.0")));
    h = BlockOps.modulate(norm(x, (float) config.normEps()), mod.get(3), mod.get(4));
    h = linear(BlockOps.geluTanh(linear(h, p + "ff.net.0.proj")), p + "ff.net.2");
    return x.add(mod.get(5).mul(h));
  }

  private NDArray heads(NDArray x, long b, long n) {
    return x.reshape(b, n, config.heads(), config.headDim()).transpose(0, 2, 1, 3);
  }

  private void checkRange(TokenRange range) {
    if (range.end() > config.tokens()) {
      throw new IllegalArgumentException("tokens [" + range.start() + ", " + range.end() + ") exceed the DiT's "
          + config.tokens());
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
