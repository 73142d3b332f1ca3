package dev.compactfusion.models.diffusers.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.vae.VaeDecoder;
import dev.compactfusion.models.media.Frames;
import java.util.function.Function;

/**
 * The VAE end of a diffusers folder family (DiT and PixArt alike): final patch tokens → latents
 * [1, C, H, W] → the VAE (which divides by its scaling factor) → RGB in [0, 1]. The VAE loads on
 * first use, so workers that never decode never hold it; a parallel decode runs it on every worker
 * with the latents' rows split.
 */
public final class LatentDecoder implements AutoCloseable {
  private final Function<Device, VaeDecoder> loader;
  private final PatchLayout layout;
  private final Device device;
  private VaeDecoder vae;

  public LatentDecoder(Function<Device, VaeDecoder> loader, PatchLayout layout, Device device) {
    this.loader = loader;
    this.layout = layout;
    this.device = device;
  }

  /** Where the VAE computes (the transformer's device). */
  public Device device() {
    return device;
  }

  public VaeDecoder vae() {
    if (vae == null) {
      vae = loader.apply(device);
    }
    return vae;
  }

  /** Rows of the latents the VAE decodes (a parallel decode splits them). */
  public int latentRows() {
    return layout.height();
  }

  /** The full final token sequence as the VAE's input [1, C, H, W] in {@code m}. */
  public NDArray latents(float[] tokens, NDManager m) {
    return m.create(layout.unpatchify(tokens), new Shape(layout.shape()));
  }

  public Frames decode(float[] tokens) {
    try (NDManager scope = NDManager.newBaseManager(device)) {
      return frames(vae().decode(latents(tokens, scope)));
    }
  }

  /** The VAE's output [1, 3, H, W] as an RGB frame in [0, 1]. */
  public static Frames frames(NDArray decoded) {
    NDArray image = VaeDecoder.toUnitRange(decoded);
    long[] s = image.getShape().getShape();
    return new Frames(1, (int) s[2], (int) s[3], image.get(0).transpose(1, 2, 0).toFloatArray());
  }

  @Override
  public void close() {
    if (vae != null) {
      vae.close();
    }
  }

  /** A family whose run ends in this decoder (what the engine's parallel decode looks for). */
  public interface Family {
    LatentDecoder latentDecoder();
  }
}
