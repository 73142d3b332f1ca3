package dev.compactfusion.models.diffusers.t5;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.compactfusion.models.diffusers.format.Manifest;
import dev.compactfusion.models.dit.BlockOps;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.safetensors.TensorStore;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The T5 v1.1 encoder forward as transformers' T5EncoderModel computes it in fp32: token
 * embedding, pre-norm blocks of self-attention and gated-GELU feed-forward, a final norm. The
 * norms are RMS norms (no mean subtraction, no bias, variance in fp32); attention scores are not
 * scaled by 1/√d (T5 folds that into its initialisation) and get one relative-position bias that
 * block 0 learns and every block reuses, plus the padding mask as the float minimum on masked
 * keys. The output at padded positions is computed too (the pipeline passes it on, masked).
 *
 * <p>Weights stored as F32 in a mapped file are computed on in place: each array aliases the
 * file's pages (zero-copy on the CPU), so the fp32 T5-XXL encoder (about 19 GB) costs page cache,
 * which the kernel can drop and re-read, not 19 GB of process memory. Other dtypes (fp16, bf16),
 * tensors across two mappings and other devices get an fp32 copy in this encoder's NDManager.
 * The embedding table is gathered row by row, from the mapping too when it can be.
 */
public final class T5Encoder implements AutoCloseable {
  /** What transformers adds on a masked key: the float minimum, so exp underflows to exactly 0. */
  private static final float MASKED = -Float.MAX_VALUE;

  private final T5Config config;
  private final NDManager manager;
  private final Map<String, NDArray> weights;
  private final FloatBuffer embedding;
  private final float[] relativeTable;
  private final WeightMemory memory;
  /** Held so the mappings outlive the arrays that alias them (a mapping goes with its last buffer). */
  private final List<ByteBuffer> mappedViews;

  private T5Encoder(T5Config config, NDManager manager, Map<String, NDArray> weights, FloatBuffer embedding,
      float[] relativeTable, WeightMemory memory, List<ByteBuffer> mappedViews) {
    this.config = config;
    this.manager = manager;
    this.weights = weights;
    this.embedding = embedding;
    this.relativeTable = relativeTable;
    this.memory = memory;
    this.mappedViews = mappedViews;
  }

  public static T5Encoder load(T5Config config, TensorStore store) {
    return load(config, store, Device.cpu());
  }

  /** Checks {@code store} against the config's manifest (names and shapes) and loads it onto {@code device}. */
  public static T5Encoder load(T5Config config, TensorStore store, Device device) {
    boolean tied = store.names().contains(T5Manifest.TIED_EMBEDDING);
    Manifest manifest = T5Manifest.of(config, tied);
    manifest.check(store, "the T5 encoder config");
    List<ByteBuffer> views = new ArrayList<>();
    long mapped = 0;
    long copied = 0;
    FloatBuffer embedding;
    Optional<ByteBuffer> embeddingView = store.mappedF32(T5Manifest.EMBEDDING);
    if (embeddingView.isPresent()) {
      views.add(embeddingView.get());
      embedding = embeddingView.get().asFloatBuffer();
      mapped += embeddingView.get().capacity();
    } else {
      embedding = FloatBuffer.wrap(Manifest.read(store, T5Manifest.EMBEDDING).data());
      copied += 4L * embedding.capacity();
    }
    float[] relative = Manifest.read(store, T5Manifest.RELATIVE_BIAS).data();
    copied += 4L * relative.length;
    boolean zeroCopy = Device.Type.CPU.equals(device.getDeviceType());
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Map<String, NDArray> weights = new HashMap<>();
      for (String name : manifest.shapes().keySet()) {
        if (name.equals(T5Manifest.EMBEDDING) || name.equals(T5Manifest.TIED_EMBEDDING)
            || name.equals(T5Manifest.RELATIVE_BIAS)) {
          continue;
        }
        Shape shape = new Shape(store.shape(name));
        Optional<ByteBuffer> view = zeroCopy ? store.mappedF32(name) : Optional.empty();
        if (view.isPresent()) {
          views.add(view.get());
          weights.put(name, manager.create(view.get(), shape, DataType.FLOAT32));
          mapped += view.get().capacity();
        } else {
          Tensor t = Manifest.read(store, name);
          weights.put(name, manager.create(t.data(), shape));
          copied += 4L * t.data().length;
        }
      }
      return new T5Encoder(config, manager, weights, embedding, relative, new WeightMemory(mapped, copied),
          List.copyOf(views));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Where the weights' bytes live once loaded.
   *
   * @param mappedBytes computed on in the mapped file (page cache)
   * @param copiedBytes copied into process memory (fp32)
   */
  public record WeightMemory(long mappedBytes, long copiedBytes) {}

  public WeightMemory memory() {
    return memory;
  }

  public T5Config config() {
    return config;
  }

  /**
   * Last hidden states [B, L, width] in {@code into} for token ids and attention mask, both
   * [B][L] (mask 1 = real token, 0 = padding).
   */
  public NDArray encode(NDManager into, int[][] ids, int[][] mask) {
    int b = ids.length;
    int n = b == 0 ? 0 : ids[0].length;
    checkInputs(ids, mask, n);
    try (NDManager scope = into.newSubManager()) {
      NDArray bias = scope.create(RelativePositions.bias(relativeTable, config.heads(), n, config.buckets(),
          config.maxDistance()), new Shape(1, config.heads(), n, n)).add(maskBias(scope, mask, n));
      NDArray x = scope.create(embed(ids, n), new Shape(b, n, config.width()));
      for (int i = 0; i < config.layers(); i++) {
        try (NDManager layerScope = scope.newSubManager()) {
          x.attach(layerScope);
          x = layer(x, bias, T5Manifest.block(i));
          x.attach(scope);
        }
      }
      NDArray out = rmsNorm(x, T5Manifest.FINAL_NORM);
      out.attach(into);
      return out;
    }
  }

  private NDArray layer(NDArray x, NDArray bias, String p) {
    long b = x.getShape().get(0);
    long n = x.getShape().get(1);
    NDArray h = rmsNorm(x, p + "0.layer_norm.weight");
    String a = p + "0.SelfAttention.";
    NDArray q = heads(linear(h, a + "q"), b, n);
    NDArray k = heads(linear(h, a + "k"), b, n);
    NDArray v = heads(linear(h, a + "v"), b, n);
    NDArray attended = q.matMul(k.transpose(0, 1, 3, 2)).add(bias).softmax(3).matMul(v);
    x = x.add(linear(attended.transpose(0, 2, 1, 3).reshape(b, n, config.innerWidth()), a + "o"));
    h = rmsNorm(x, p + "1.layer_norm.weight");
    String f = p + "1.DenseReluDense.";
    NDArray gated = BlockOps.geluTanh(linear(h, f + "wi_0")).mul(linear(h, f + "wi_1"));
    return x.add(linear(gated, f + "wo"));
  }

  /** T5LayerNorm: x / √(mean(x²) + eps) · weight, no mean subtraction and no bias. */
  private NDArray rmsNorm(NDArray x, String weight) {
    NDArray variance = x.square().mean(new int[] {-1}, true);
    return x.div(variance.add((float) config.eps()).sqrt()).mul(weights.get(weight));
  }

  private NDArray linear(NDArray x, String name) {
    return Linear.linear(x, weights.get(name + ".weight")).singletonOrThrow();
  }

  private NDArray heads(NDArray x, long b, long n) {
    return x.reshape(b, n, config.heads(), config.headDim()).transpose(0, 2, 1, 3);
  }

  private float[] embed(int[][] ids, int n) {
    int d = config.width();
    float[] out = new float[ids.length * n * d];
    for (int r = 0; r < ids.length; r++) {
      for (int j = 0; j < n; j++) {
        embedding.get(ids[r][j] * d, out, (r * n + j) * d, d);
      }
    }
    return out;
  }

  /** [B, 1, 1, L]: 0 on real tokens, the float minimum on padding. */
  private static NDArray maskBias(NDManager scope, int[][] mask, int n) {
    float[] out = new float[mask.length * n];
    for (int r = 0; r < mask.length; r++) {
      for (int j = 0; j < n; j++) {
        out[r * n + j] = mask[r][j] == 1 ? 0f : MASKED;
      }
    }
    return scope.create(out, new Shape(mask.length, 1, 1, n));
  }

  private void checkInputs(int[][] ids, int[][] mask, int n) {
    if (ids.length == 0 || n == 0) {
      throw new IllegalArgumentException("T5 encode: no tokens; give at least one row with at least one token");
    }
    if (mask.length != ids.length) {
      throw new IllegalArgumentException("T5 encode: " + ids.length + " rows of token ids but " + mask.length
          + " mask rows; give one mask row per prompt");
    }
    for (int r = 0; r < ids.length; r++) {
      if (ids[r].length != n || mask[r].length != n) {
        throw new IllegalArgumentException("T5 encode: row " + r + " has " + ids[r].length + " ids and "
            + mask[r].length + " mask entries, expected " + n + " each; pad every row to the same length");
      }
      for (int j = 0; j < n; j++) {
        if (ids[r][j] < 0 || ids[r][j] >= config.vocab()) {
          throw new IllegalArgumentException("T5 encode: token id " + ids[r][j] + " (row " + r + ", position " + j
              + ") is outside the vocabulary 0.." + (config.vocab() - 1) + "; use the encoder's own tokenizer");
        }
        if (mask[r][j] != 0 && mask[r][j] != 1) {
          throw new IllegalArgumentException("T5 encode: mask entry " + mask[r][j] + " (row " + r + ", position " + j
              + ") is neither 0 nor 1");
        }
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
