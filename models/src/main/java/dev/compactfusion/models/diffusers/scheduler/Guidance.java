package dev.compactfusion.models.diffusers.scheduler;

/**
 * Classifier-free guidance as DiT applies it to a [conditional; unconditional] batch:
 * ε = ε_u + s·(ε_c − ε_u) on the first {@code guidedChannels} channels, the conditional
 * prediction on the remaining noise channels, and the learned-variance channels dropped.
 * diffusers' DiTPipeline guides all latent channels; the original DiT repository only the first 3.
 */
public record Guidance(double scale, int latentChannels, int guidedChannels) {
  public Guidance {
    if (guidedChannels < 0 || guidedChannels > latentChannels) {
      throw new IllegalArgumentException(guidedChannels + " guided channels of " + latentChannels);
    }
  }

  /** diffusers' DiTPipeline rule: every latent channel is guided. */
  public static Guidance diffusers(double scale, int latentChannels) {
    return new Guidance(scale, latentChannels, latentChannels);
  }

  /** The original repository's rule (sample.py's forward_with_cfg): only channels 0..2 are guided. */
  public static Guidance originalRepository(double scale, int latentChannels) {
    return new Guidance(scale, latentChannels, Math.min(3, latentChannels));
  }

  /**
   * @param prediction model output [2B, outChannels, H, W]: rows 0..B−1 conditional, B..2B−1 unconditional
   * @return guided ε [B, latentChannels, H, W]
   */
  public float[] apply(float[] prediction, int batch, int outChannels, int pixels) {
    if (prediction.length != (long) 2 * batch * outChannels * pixels || outChannels < latentChannels) {
      throw new IllegalArgumentException("guidance: prediction of " + prediction.length + " values is not [2·" + batch
          + ", " + outChannels + ", " + pixels + " pixels] with at least " + latentChannels + " channels");
    }
    float[] eps = new float[batch * latentChannels * pixels];
    int uncondOffset = batch * outChannels * pixels;
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < latentChannels; c++) {
        int src = (b * outChannels + c) * pixels;
        int dst = (b * latentChannels + c) * pixels;
        for (int i = 0; i < pixels; i++) {
          float cond = prediction[src + i];
          eps[dst + i] = c < guidedChannels
              ? (float) (prediction[uncondOffset + src + i] + scale * (cond - prediction[uncondOffset + src + i]))
              : cond;
        }
      }
    }
    return eps;
  }
}
