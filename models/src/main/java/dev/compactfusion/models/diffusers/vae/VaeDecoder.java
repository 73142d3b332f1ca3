package dev.compactfusion.models.diffusers.vae;

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
    AttentionKeys keys = AttentionKeys.of(store.names());
    VaeManifest.of(config, keys).check(store, "the VAE config");
    NDManager manager = NDManager.newBaseManager();
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
    long[] s = latents.getShape().getShape();
    if (s.length != 4 || s[1] != config.latentChannels()) {
      throw new IllegalArgumentException("decode: latents have shape " + latents.getShape() + ", the VAE needs [B, "
          + config.latentChannels() + ", h, w]");
    }
    NDManager caller = latents.getManager();
    try (NDManager scope = caller.newSubManager()) {
      NDArray z = latents.duplicate();
      z.attach(scope);
      NDArray x = conv(z.div((float) config.scalingFactor()), "post_quant_conv", 0);
      x = conv(x, "decoder.conv_in", 1);
      x = resnet(x, "decoder.mid_block.resnets.0");
      x = attention(x, "decoder.mid_block.attentions.0");
      x = resnet(x, "decoder.mid_block.resnets.1");
      int blocks = config.blockOutChannels().size();
      for (int i = 0; i < blocks; i++) {
        for (int j = 0; j <= config.layersPerBlock(); j++) {
          x = resnet(x, "decoder.up_blocks." + i + ".resnets." + j);
        }
        if (i < blocks - 1) {
          x = conv(upsample(x), "decoder.up_blocks." + i + ".upsamplers.0.conv", 1);
        }
      }
      x = conv(Activation.swish(groupNorm(x, "decoder.conv_norm_out"), 1f), "decoder.conv_out", 1);
      x.attach(caller);
      return x;
    }
  }

  /** The pipeline's mapping of decoder output to [0, 1] pixels: x/2 + 0.5, clamped. */
  public static NDArray toUnitRange(NDArray decoded) {
    return decoded.div(2f).add(0.5f).clip(0f, 1f);
  }

  private NDArray resnet(NDArray x, String p) {
    NDArray h = conv(Activation.swish(groupNorm(x, p + ".norm1"), 1f), p + ".conv1", 1);
    h = conv(Activation.swish(groupNorm(h, p + ".norm2"), 1f), p + ".conv2", 1);
    NDArray shortcut = weights.containsKey(p + ".conv_shortcut.weight") ? conv(x, p + ".conv_shortcut", 0) : x;
    return shortcut.add(h);
  }

  private NDArray attention(NDArray x, String p) {
    long[] s = x.getShape().getShape();
    long b = s[0];
    long c = s[1];
    NDArray h = groupNorm(x, p + ".group_norm").reshape(b, c, s[2] * s[3]).transpose(0, 2, 1);
    NDArray q = linear(h, p + ".to_q").expandDims(1);
    NDArray k = linear(h, p + ".to_k").expandDims(1);
    NDArray v = linear(h, p + ".to_v").expandDims(1);
    NDArray out = linear(ExactAttention.softmaxAttention(q, k, v).squeeze(1), p + ".to_out.0");
    return x.add(out.transpose(0, 2, 1).reshape(s));
  }

  private NDArray groupNorm(NDArray x, String p) {
    long[] s = x.getShape().getShape();
    int g = config.groups();
    NDArray grouped = x.reshape(s[0], g, -1);
    NDArray mean = grouped.mean(new int[] {2}, true);
    NDArray centered = grouped.sub(mean);
    NDArray var = centered.square().mean(new int[] {2}, true);
    NDArray normed = centered.div(var.add(EPS).sqrt()).reshape(s);
    return normed.mul(weights.get(p + ".weight")).add(weights.get(p + ".bias"));
  }

  /** Nearest-neighbour ×2: every pixel becomes a 2×2 block. */
  private static NDArray upsample(NDArray x) {
    long[] s = x.getShape().getShape();
    return x.reshape(s[0], s[1], s[2], 1, s[3], 1).broadcast(s[0], s[1], s[2], 2, s[3], 2)
        .reshape(s[0], s[1], 2 * s[2], 2 * s[3]);
  }

  private NDArray conv(NDArray x, String p, int pad) {
    return Conv2d.conv2d(x, weights.get(p + ".weight"), weights.get(p + ".bias"), new Shape(1, 1),
        new Shape(pad, pad), new Shape(1, 1)).singletonOrThrow();
  }

  private NDArray linear(NDArray x, String p) {
    return Linear.linear(x, weights.get(p + ".weight"), weights.get(p + ".bias")).singletonOrThrow();
  }

  @Override
  public void close() {
    manager.close();
  }
}
