package dev.compactfusion.models.diffusers.pipeline;

import dev.compactfusion.models.diffusers.transformer.DitConfig;
import dev.compactfusion.models.diffusers.transformer.DrawSize;
import dev.compactfusion.models.diffusers.transformer.PixartConfig;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.generate.LatentsFile;
import dev.compactfusion.models.generate.LatentsLayout;
import dev.compactfusion.models.sampling.Noise;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How one image's latents [C, H, W] become the token sequence a worker slices, in the transformer's
 * own patch order: tokens by (patch row, patch col), each token's values by (channel, row, col) as
 * the patch conv reads them. The scheduler runs on these tokens (its arithmetic is elementwise, so a
 * slice steps on its own), and the transformer's output patches, ordered (row, col, channel) with
 * the learned-variance channels after the noise, are brought into the same layout.
 */
public record PatchLayout(int channels, int height, int width, int patch, int outChannels) implements LatentsLayout {

  public PatchLayout {
    if (height % patch != 0 || width % patch != 0) {
      throw new IllegalArgumentException("latents of " + height + " x " + width + " do not split into " + patch + " x "
          + patch + " patches");
    }
  }

  /** Square latents of side {@code size}. */
  public PatchLayout(int channels, int size, int patch, int outChannels) {
    this(channels, size, size, patch, outChannels);
  }

  public static PatchLayout of(DitConfig c) {
    return new PatchLayout(c.inChannels(), c.sampleSize(), c.patchSize(), c.outChannels());
  }

  /** The PixArt's layout at its own square sample size. */
  public static PatchLayout of(PixartConfig c) {
    return new PatchLayout(c.inChannels(), c.sampleSize(), c.patchSize(), c.outChannels());
  }

  /** The PixArt's layout at {@code size}'s latent height and width. */
  public static PatchLayout of(PixartConfig c, DrawSize size) {
    return new PatchLayout(c.inChannels(), size.latentHeight(), size.latentWidth(), c.patchSize(), c.outChannels());
  }

  /**
   * The slice {@code own} of the starting tokens: the seeded latents [C, H, W], or a --latents
   * file's when {@code latents} is set. Every worker draws the full sequence and keeps its tokens.
   */
  public float[] startTokens(Path latents, long seed, TokenRange own) {
    float[] values = latents != null ? LatentsFile.read(latents, this) : Noise.gaussian(seed, latentValues());
    float[] tokens = patchify(values);
    return Arrays.copyOfRange(tokens, own.start() * valuesPerToken(), own.end() * valuesPerToken());
  }

  /** Patch rows (latent height over the patch). */
  public int rows() {
    return height / patch;
  }

  /** Patch columns. */
  public int cols() {
    return width / patch;
  }

  public int tokens() {
    return rows() * cols();
  }

  /** Latent values per token: channels · patch². */
  public int valuesPerToken() {
    return channels * patch * patch;
  }

  public int latentValues() {
    return channels * height * width;
  }

  /** A latents file holds the VAE latents of one image, [1, C, H, W]. */
  @Override
  public long[] shape() {
    return new long[] {1, channels, height, width};
  }

  @Override
  public float[] toTokens(float[] latents) {
    return patchify(latents);
  }

  @Override
  public float[] toLatents(float[] tokens) {
    return unpatchify(tokens);
  }

  /** Latents [C, H, W] (row-major) → tokens [T, C·p·p]. */
  public float[] patchify(float[] latents) {
    requireLength(latents, latentValues(), "latents");
    float[] out = new float[latents.length];
    forEach((token, value, latent) -> out[token * valuesPerToken() + value] = latents[latent]);
    return out;
  }

  /** Tokens [T, C·p·p] → latents [C, H, W]. */
  public float[] unpatchify(float[] tokens) {
    requireLength(tokens, latentValues(), "tokens");
    float[] out = new float[tokens.length];
    forEach((token, value, latent) -> out[latent] = tokens[token * valuesPerToken() + value]);
    return out;
  }

  /**
   * One batch row of the transformer's output, [n, p·p·outC] from {@code offset}, as noise ε in
   * the token layout [n, C·p·p]: the first C output channels; learned variance is dropped.
   */
  public float[] noise(float[] output, int offset, int n) {
    int perOut = patch * patch * outChannels;
    int area = patch * patch;
    float[] eps = new float[n * valuesPerToken()];
    for (int t = 0; t < n; t++) {
      for (int c = 0; c < channels; c++) {
        for (int q = 0; q < area; q++) {
          eps[t * valuesPerToken() + c * area + q] = output[offset + t * perOut + q * outChannels + c];
        }
      }
    }
    return eps;
  }

  /** The channel of value {@code i} of a token-layout array. */
  public int channelOf(int i) {
    return (i % valuesPerToken()) / (patch * patch);
  }

  @FunctionalInterface
  private interface Visit {
    void at(int token, int value, int latent);
  }

  private void forEach(Visit visit) {
    int cols = cols();
    for (int gy = 0; gy < rows(); gy++) {
      for (int gx = 0; gx < cols; gx++) {
        int token = gy * cols + gx;
        for (int c = 0; c < channels; c++) {
          for (int py = 0; py < patch; py++) {
            for (int px = 0; px < patch; px++) {
              int value = (c * patch + py) * patch + px;
              int latent = (c * height + gy * patch + py) * width + gx * patch + px;
              visit.at(token, value, latent);
            }
          }
        }
      }
    }
  }

  private static void requireLength(float[] a, int expected, String what) {
    if (a.length != expected) {
      throw new IllegalArgumentException(what + " have " + a.length + " values, expected " + expected);
    }
  }
}
