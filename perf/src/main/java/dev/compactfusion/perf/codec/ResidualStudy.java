package dev.compactfusion.perf.codec;

import dev.compactfusion.codec.Codec;
import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.Codecs;
import dev.compactfusion.codec.residual.ReceiverStream;
import dev.compactfusion.codec.residual.ResidualMode;
import dev.compactfusion.codec.residual.ResidualStreams;
import dev.compactfusion.codec.residual.SenderStream;
import dev.compactfusion.codec.residual.StreamConfig;
import dev.compactfusion.codec.residual.StreamKey;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Why a sign codec wins or loses on recorded activations: for each codec, the one-shot error on
 * step residuals X_t - X_(t-1) and on X_t itself (what naive sends); the distribution of r = |d| / s (s the rank-1 scale 1bit
 * reconstructs with), which decides whether 2bit's levels s/2 and 2s fit; and, for each residual
 * mode, the receivers' relative error against the exact X at every step. Each recording is cut
 * into {@code --workers} contiguous token slices, as patch parallelism sends them. The step
 * change norm(X_t - X_(t-1)) / norm(X_t) is printed above the per-mode errors.
 * Usage: ResidualStudy [--workers W] [--codecs 1bit,2bit] FILE...
 */
public final class ResidualStudy {
  private ResidualStudy() {}

  public static int run(String... args) throws IOException {
    int workers = 4;
    List<String> codecs = List.of("1bit", "2bit");
    List<RecordedActivations> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--codecs" -> codecs = Arrays.asList(args[++i].split(","));
        default -> files.add(new RecordedActivations(Path.of(args[i])));
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("usage: compactfusion tools residual-study [--workers W] [--codecs 1bit,2bit] FILE...");
    }
    List<float[][]> slices = new ArrayList<>();
    int tokens = files.get(0).tokens() / workers;
    int channels = files.get(0).channels();
    for (RecordedActivations f : files) {
      if (f.tokens() != tokens * workers || f.channels() != channels) {
        throw new IllegalArgumentException(f.name() + " is " + f.tokens() + "x" + f.channels()
            + ", the first file is " + tokens * workers + "x" + channels + " (and tokens must divide by the workers)");
      }
      for (int w = 0; w < workers; w++) {
        float[][] steps = new float[f.steps()][];
        for (int t = 0; t < steps.length; t++) {
          steps[t] = Arrays.copyOfRange(f.step(t), w * tokens * channels, (w + 1) * tokens * channels);
        }
        slices.add(steps);
      }
    }
    System.out.printf(Locale.ROOT, "%d recordings x %d slices of %dx%d, %d steps%n%n", files.size(), workers, tokens,
        channels, slices.get(0).length);
    System.out.println("| codec | one-shot error on X_t - X_(t-1) | one-shot error on X_t (naive) |");
    System.out.println("|---|---|---|");
    for (String c : codecs) {
      System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f |%n", c, oneShot(c, slices, tokens, channels, true),
          oneShot(c, slices, tokens, channels, false));
    }
    System.out.println();
    magnitudeRatios(slices, tokens, channels);
    System.out.println();
    int steps = slices.get(0).length;
    System.out.println("Receivers' relative error vs exact X, steps 1.." + (steps - 1) + " (warmup 1):");
    System.out.println();
    System.out.println("| stream | per step |");
    System.out.println("|---|---|");
    System.out.println(stepChange(slices));
    for (String c : codecs) {
      for (ResidualMode m : ResidualMode.values()) {
        double[] err = receiverError(StreamConfig.of(c).withMode(m), slices, tokens, channels);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s %s |", c, m.label()));
        for (int t = 1; t < steps; t++) {
          line.append(String.format(Locale.ROOT, " %.3f", err[t]));
        }
        System.out.println(line.append(" |"));
      }
    }
    return 0;
  }

  private static double oneShot(String name, List<float[][]> slices, int tokens, int channels, boolean residual) {
    Codec codec = Codecs.create(CodecSpec.parse(name), tokens, channels);
    byte[] body = new byte[codec.bodyBytes()];
    double num = 0;
    double den = 0;
    for (float[][] s : slices) {
      for (int t = 1; t < s.length; t++) {
        float[] d = residual ? difference(s[t], s[t - 1]) : s[t];
        float[] r = new float[d.length];
        codec.encode(d, body, 0);
        codec.decodeAdd(body, 0, r);
        for (int i = 0; i < d.length; i++) {
          num += (double) (d[i] - r[i]) * (d[i] - r[i]);
          den += (double) d[i] * d[i];
        }
      }
    }
    return Math.sqrt(num / den);
  }

  /** For i.i.d. Gaussian d: P(r > 1) 0.425, E[r | r > 1] 1.71, E[r | r <= 1] 0.47. */
  private static void magnitudeRatios(List<float[][]> slices, int tokens, int channels) {
    Codec oneBit = Codecs.create(CodecSpec.parse("1bit"), tokens, channels);
    byte[] body = new byte[oneBit.bodyBytes()];
    long above = 0;
    long below = 0;
    double sumAbove = 0;
    double sumBelow = 0;
    long far = 0;
    for (float[][] s : slices) {
      for (int t = 1; t < s.length; t++) {
        float[] d = difference(s[t], s[t - 1]);
        float[] scale = new float[d.length];
        oneBit.encode(d, body, 0);
        oneBit.decodeAdd(body, 0, scale);
        for (int i = 0; i < d.length; i++) {
          if (scale[i] == 0f) {
            continue;
          }
          double r = Math.abs(d[i] / scale[i]);
          if (r > 1) {
            above++;
            sumAbove += r;
          } else {
            below++;
            sumBelow += r;
          }
          if (r > 4) {
            far++;
          }
        }
      }
    }
    long n = above + below;
    System.out.println("| r = abs(d)/s on X_t - X_(t-1) | measured | i.i.d. Gaussian | 2bit level |");
    System.out.println("|---|---|---|---|");
    System.out.printf(Locale.ROOT, "| P(r > 1) | %.3f | 0.425 | |%n", (double) above / n);
    System.out.printf(Locale.ROOT, "| E[r given r > 1] | %.2f | 1.71 | 2 |%n", sumAbove / above);
    System.out.printf(Locale.ROOT, "| E[r given r <= 1] | %.2f | 0.47 | 0.5 |%n", sumBelow / below);
    System.out.printf(Locale.ROOT, "| P(r > 4) | %.4f | 0.0014 | |%n", (double) far / n);
  }

  private static double[] receiverError(StreamConfig cfg, List<float[][]> slices, int tokens, int channels) {
    int steps = slices.get(0).length;
    double[] num = new double[steps];
    double[] den = new double[steps];
    StreamKey key = new StreamKey(0, "k", 0, 1);
    for (float[][] s : slices) {
      SenderStream sender = new ResidualStreams(cfg).sender(key, tokens, channels);
      ReceiverStream receiver = new ResidualStreams(cfg).receiver(key, tokens, channels);
      FloatBuffer out = FloatBuffer.allocate(tokens * channels);
      for (int t = 0; t < steps; t++) {
        receiver.decode(sender.encode(FloatBuffer.wrap(s[t]), t), t, out);
        float[] r = out.array();
        for (int i = 0; i < r.length; i++) {
          num[t] += (double) (s[t][i] - r[i]) * (s[t][i] - r[i]);
          den[t] += (double) s[t][i] * s[t][i];
        }
      }
    }
    double[] err = new double[steps];
    for (int t = 0; t < steps; t++) {
      err[t] = Math.sqrt(num[t] / den[t]);
    }
    return err;
  }

  /** The scale of what residual modes compress: norm(X_t - X_(t-1)) / norm(X_t) per step. */
  private static String stepChange(List<float[][]> slices) {
    int steps = slices.get(0).length;
    StringBuilder line = new StringBuilder("| step change |");
    for (int t = 1; t < steps; t++) {
      double num = 0;
      double den = 0;
      for (float[][] s : slices) {
        for (int i = 0; i < s[t].length; i++) {
          num += (double) (s[t][i] - s[t - 1][i]) * (s[t][i] - s[t - 1][i]);
          den += (double) s[t][i] * s[t][i];
        }
      }
      line.append(String.format(Locale.ROOT, " %.3f", Math.sqrt(num / den)));
    }
    return line.append(" |").toString();
  }

  private static float[] difference(float[] a, float[] b) {
    float[] d = new float[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }
}
