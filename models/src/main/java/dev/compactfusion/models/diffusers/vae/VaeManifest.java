package dev.compactfusion.models.diffusers.vae;

import dev.compactfusion.models.diffusers.format.Manifest;
import java.util.List;

/**
 * Every tensor an AutoencoderKL checkpoint stores, encoder included: the decoder is all this
 * project runs, but a checkpoint is only accepted whole.
 */
public final class VaeManifest {
  private VaeManifest() {}

  public static Manifest of(VaeConfig c, AttentionKeys keys) {
    Manifest m = new Manifest();
    List<Integer> ch = c.blockOutChannels();
    int n = c.layersPerBlock();
    int last = ch.get(ch.size() - 1);
    conv(m, "encoder.conv_in", c.inChannels(), ch.get(0), 3);
    int prev = ch.get(0);
    for (int i = 0; i < ch.size(); i++) {
      for (int j = 0; j < n; j++) {
        resnet(m, "encoder.down_blocks." + i + ".resnets." + j, j == 0 ? prev : ch.get(i), ch.get(i));
      }
      prev = ch.get(i);
      if (i < ch.size() - 1) {
        conv(m, "encoder.down_blocks." + i + ".downsamplers.0.conv", ch.get(i), ch.get(i), 3);
      }
    }
    mid(m, "encoder.mid_block", last, keys);
    norm(m, "encoder.conv_norm_out", last);
    conv(m, "encoder.conv_out", last, 2 * c.latentChannels(), 3);
    conv(m, "quant_conv", 2 * c.latentChannels(), 2 * c.latentChannels(), 1);
    conv(m, "post_quant_conv", c.latentChannels(), c.latentChannels(), 1);
    conv(m, "decoder.conv_in", c.latentChannels(), last, 3);
    mid(m, "decoder.mid_block", last, keys);
    prev = last;
    for (int i = 0; i < ch.size(); i++) {
      int width = decoderWidth(c, i);
      for (int j = 0; j <= n; j++) {
        resnet(m, "decoder.up_blocks." + i + ".resnets." + j, j == 0 ? prev : width, width);
      }
      prev = width;
      if (i < ch.size() - 1) {
        conv(m, "decoder.up_blocks." + i + ".upsamplers.0.conv", width, width, 3);
      }
    }
    norm(m, "decoder.conv_norm_out", prev);
    conv(m, "decoder.conv_out", prev, c.outChannels(), 3);
    return m;
  }

  /** Width of decoder up block {@code i} (the encoder's widths, deepest first). */
  static int decoderWidth(VaeConfig c, int i) {
    List<Integer> ch = c.blockOutChannels();
    return ch.get(ch.size() - 1 - i);
  }

  private static void mid(Manifest m, String p, int c, AttentionKeys keys) {
    resnet(m, p + ".resnets.0", c, c);
    norm(m, p + ".attentions.0.group_norm", c);
    for (int i = 0; i < 4; i++) {
      String name = p + ".attentions.0." + keys.projection(i);
      m.add(name + ".weight", c, c);
      m.add(name + ".bias", c);
    }
    resnet(m, p + ".resnets.1", c, c);
  }

  private static void resnet(Manifest m, String p, int in, int out) {
    norm(m, p + ".norm1", in);
    conv(m, p + ".conv1", in, out, 3);
    norm(m, p + ".norm2", out);
    conv(m, p + ".conv2", out, out, 3);
    if (in != out) {
      conv(m, p + ".conv_shortcut", in, out, 1);
    }
  }

  private static void norm(Manifest m, String p, int c) {
    m.add(p + ".weight", c);
    m.add(p + ".bias", c);
  }

  private static void conv(Manifest m, String p, int in, int out, int k) {
    m.add(p + ".weight", out, in, k, k);
    m.add(p + ".bias", out);
  }
}
