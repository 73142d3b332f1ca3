package dev.compactfusion.models.diffusers.vae;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.compactfusion.models.diffusers.format.Manifest;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.safetensors.TensorStore;
import java.util.HashMap;
import java.util.Map;

/**
 * The decoder half of an AutoencoderKL: latents → image. post_quant_conv, conv_in, a mid block
 * (ResNet, single-head attention over all pixels, ResNet), up blocks of ResNets with nearest ×2
 * upsampling and a conv, then GroupNorm, SiLU and conv_out. GroupNorm eps is 1e-6 throughout.
 * Weights stay in this decoder's NDManager until {@link #close()}.
 */
public final class VaeDecoder implements AutoCloseable {
  private static final float EPS = 1e-6f;
  private static final String[] CANONICAL = {"to_q", "to_k", "to_v", "to_out.0"};

  private final VaeConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> weights;

  private VaeDecoder(VaeConfig config, NDManager manager, Map<String, NDArray> weights) {
    this.config = config;
    this.manager = manager;
    this.weights = weights;
  }

  /** Checks the whole checkpoint (either attention spelling) against the config and loads the decoder. */
  public static VaeDecoder load(VaeConfig config, TensorStore store) {
    return load(config, store, Device.cpu());
  }

  /** As {@link #load(VaeConfig, TensorStore)}, with the weights on {@code device}. */
  public static VaeDecoder load(VaeConfig config, TensorStore store, Device device) {
    AttentionKeys keys = AttentionKeys.of(store.names());
    VaeManifest.of(config, keys).check(store, "the VAE config");
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Map<String, NDArray> weights = new HashMap<>();
      for (String name : store.names()) {
        if (name.startsWith("decoder.") || name.startsWith("post_quant_conv.")) {
          Tensor t = Manifest.read(store, name);
          long[] shape = t.shape();
          // GroupNorm scales and shifts are kept as [1, C, 1, 1] so they broadcast over [B, C, H, W].
          Shape stored = name.contains("norm") ? new Shape(1, shape[0], 1, 1) : new Shape(shape);
          weights.put(canonical(name, keys), manager.create(t.data(), stored));
        }
      }
      return new VaeDecoder(config, manager, weights);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static String canonical(String name, AttentionKeys keys) {
    for (int i = 0; i < CANONICAL.length; i++) {
      String stored = ".attentions.0." + keys.projection(i) + ".";
      if (name.contains(stored)) {
        return name.replace(stored, ".attentions.0." + CANONICAL[i] + ".");
      }
    }
    return name;
  }

  public VaeConfig config() {
    return config;
  }

  /**
   * Diffusion latents [B, latentChannels, h, w] (as the sampler leaves them, before dividing by
   * the scaling factor) → decoder output [B, outChannels, h·2^k, w·2^k], nominally in [−1, 1].
   * The result is in the latents' manager.
   */
  public NDArray decode(NDArray latents) {
    return decode(latents, ImageRows.WHOLE);
  }

  /**
   * One band of latent rows [B, latentChannels, rows, w] → the decoder output's rows of that band
   * [B, outChannels, rows·2^k, w·2^k], with {@code image} supplying what lies beyond the band.
   * Every band of an image must be decoded together (the calls on {@code image} meet).
   */
  public NDArray decode(NDArray latents, ImageRows image) {
    long[] s = latents.getShape().getShape();
    if (s.length != 4 || s[1] != config.latentChannels()) {
      throw new IllegalArgumentException("decode: latents have shape " + latents.getShape() + ", the VAE needs [B, "
          + config.latentChannels() + ", h, w]");
    }
    NDManager caller = latents.getManager();
    try (NDManager scope = caller.newSubManager()) {
      NDArray z = latents.duplicate();
      z.attach(scope);
      Band band = new Band(image);
      NDArray x = conv(z.div((float) config.scalingFactor()), "post_quant_conv");
      x = band.conv3(x, "decoder.conv_in");
      x = band.resnet(x, "decoder.mid_block.resnets.0");
      x = band.attention(x, "decoder.mid_block.attentions.0");
      x = band.resnet(x, "decoder.mid_block.resnets.1");
      int blocks = config.blockOutChannels().size();
      for (int i = 0; i < blocks; i++) {
        for (int j = 0; j <= config.layersPerBlock(); j++) {
          x = band.resnet(x, "decoder.up_blocks." + i + ".resnets." + j);
        }
        if (i < blocks - 1) {
          x = band.conv3(upsample(x), "decoder.up_blocks." + i + ".upsamplers.0.conv");
        }
      }
      x = band.conv3(Activation.swish(band.groupNorm(x, "decoder.conv_norm_out"), 1f), "decoder.conv_out");
      x.attach(caller);
      return x;
    }
  }

  /** The pipeline's mapping of decoder output to [0, 1] pixels: x/2 + 0.5, clamped. */
  public static NDArray toUnitRange(NDArray decoded) {
    return decoded.div(2f).add(0.5f).clip(0f, 1f);
  }

  /** The decoder's operations that reach past a row, asking {@code image} for what they need. */
  private final class Band {
    private final ImageRows image;

    Band(ImageRows image) {
      this.image = image;
    }

    NDArray resnet(NDArray x, String p) {
      NDArray h = conv3(Activation.swish(groupNorm(x, p + ".norm1"), 1f), p + ".conv1");
      h = conv3(Activation.swish(groupNorm(h, p + ".norm2"), 1f), p + ".conv2");
      NDArray shortcut = weights.containsKey(p + ".conv_shortcut.weight") ? conv(x, p + ".conv_shortcut") : x;
      return shortcut.add(h);
    }

    /** Queries are this band's pixels; keys and values gathered together, as the whole image's. */
    NDArray attention(NDArray x, String p) {
      long[] s = x.getShape().getShape();
      long b = s[0];
      long c = s[1];
      NDArray h = groupNorm(x, p + ".group_norm").reshape(b, c, s[2] * s[3]).transpose(0, 2, 1);
      NDArray q = linear(h, p + ".to_q").expandDims(1);
      NDArray kv = image.gatherSequence(linear(h, p + ".to_k").concat(linear(h, p + ".to_v"), 2));
      NDArray k = kv.get(":, :, :" + c).expandDims(1);
      NDArray v = kv.get(":, :, " + c + ":").expandDims(1);
      NDArray out = linear(ExactAttention.softmaxAttention(q, k, v).squeeze(1), p + ".to_out.0");
      return x.add(out.transpose(0, 2, 1).reshape(s));
    }

    NDArray groupNorm(NDArray x, String p) {
      long[] s = x.getShape().getShape();
      int g = config.groups();
      NDArray grouped = x.reshape(s[0], g, -1);
      NDArray bandMean = grouped.mean(new int[] {2}, true);
      double[] m2 = toDoubles(grouped.sub(bandMean).square().sum(new int[] {2}));
      GroupStats whole = image.reduce(new GroupStats(grouped.getShape().get(2), toDoubles(bandMean), m2));
      NDManager m = x.getManager();
      Shape perGroup = new Shape(s[0], g, 1);
      NDArray mean = m.create(toFloats(whole.mean()), perGroup);
      NDArray std = m.create(toFloats(whole.variance()), perGroup).add(EPS).sqrt();
      NDArray normed = grouped.sub(mean).div(std).reshape(s);
      return normed.mul(weights.get(p + ".weight")).add(weights.get(p + ".bias"));
    }

    /** A 3×3 convolution: rows come padded by the image (halo or edge zeros), columns by the convolution. */
    NDArray conv3(NDArray x, String p) {
      return Conv2d.conv2d(image.withHalo(x), weights.get(p + ".weight"), weights.get(p + ".bias"), new Shape(1, 1),
          new Shape(0, 1), new Shape(1, 1)).singletonOrThrow();
    }
  }

  private static double[] toDoubles(NDArray a) {
    float[] f = a.toFloatArray();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** Nearest-neighbour ×2: every pixel becomes a 2×2 block. */
  private static NDArray upsample(NDArray x) {
    long[] s = x.getShape().getShape();
    return x.reshape(s[0], s[1], s[2], 1, s[3], 1).broadcast(s[0], s[1], s[2], 2, s[3], 2)
        .reshape(s[0], s[1], 2 * s[2], 2 * s[3]);
  }

  /** A 1×1 convolution: needs nothing beyond its pixel. */
  private NDArray conv(NDArray x, String p) {
    return Conv2d.conv2d(x, weights.get(p + ".weight"), weights.get(p + ".bias"), new Shape(1, 1),
        new Shape(0, 0), new Shape(1, 1)).singletonOrThrow();
  }

  private NDArray linear(NDArray x, String p) {
    return Linear.linear(x, weights.get(p + ".weight"), weights.get(p + ".bias")).singletonOrThrow();
  }

  @Override
  public void close() {
    manager.close();
  }
}
