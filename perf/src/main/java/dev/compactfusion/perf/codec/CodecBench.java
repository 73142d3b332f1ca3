package dev.compactfusion.perf.codec;

import dev.compactfusion.codec.Codec;
import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.Codecs;
import dev.compactfusion.codec.residual.ReceiverStream;
import dev.compactfusion.codec.residual.ResidualStreams;
import dev.compactfusion.codec.residual.SenderStream;
import dev.compactfusion.codec.residual.StreamConfig;
import dev.compactfusion.codec.residual.StreamKey;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * For each codec and size: compression ratio (payload with header vs fp32 and fp16), relative
 * error on step-to-step residuals, relative error of the receivers' reconstruction with error
 * feedback, and CPU encode+decode throughput as a ratio to System.arraycopy of the same fp32
 * bytes measured in the same run (fastest of alternating calls). Usage: CodecBench [--tensor FILE]... [--csv FILE] [--quick]
 */
public final class CodecBench {
  static final String[] CODECS = {"none", "fp16", "int8", "int4", "2bit", "1bit", "lowrank:8", "lowrankq:32", "topk:0.05"};
  private static final int[][] SIZES = {{1024, 3072}, {64, 192}, {16, 128}};

  record Row(String source, int tokens, int channels, String codec, long payloadBytes, double vsFp32, double vsFp16,
             double residualError, double efError, double codecGbps, double copyGbps) {}

  private CodecBench() {}

  public static int run(String... args) throws IOException {
    List<ActivationSource> sources = new ArrayList<>();
    Path csv = null;
    double minSeconds = 0.3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tensor" -> sources.add(new RecordedActivations(Path.of(argument(args, ++i))));
        case "--csv" -> csv = Path.of(argument(args, ++i));
        case "--quick" -> minSeconds = 0.05;
        default -> {
          System.err.println("unknown argument '" + args[i] + "'; usage: compactfusion tools codec-bench [--tensor FILE]... [--csv FILE] [--quick]");
          return 2;
        }
      }
    }
    if (sources.isEmpty()) {
      for (int[] s : SIZES) {
        sources.add(new SyntheticActivations(s[0], s[1], 8, 0.02, 42));
      }
    }
    System.out.println("| source | N x C | codec | payload B | x vs fp32 | x vs fp16 | residual rel err | ef rel err | enc+dec GB/s | copy GB/s | ratio to copy |");
    System.out.println("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    List<Row> rows = new ArrayList<>();
    for (ActivationSource src : sources) {
      float[][] steps = new float[src.steps()][];
      for (int t = 0; t < steps.length; t++) {
        steps[t] = src.step(t);
      }
      for (String name : CODECS) {
        Row row = measure(src, steps, CodecSpec.parse(name), minSeconds);
        rows.add(row);
        System.out.println(String.format(Locale.ROOT, "| %s | %dx%d | %s | %d | %.2f | %.2f | %.4f | %.4f | %.2f | %.2f | %.3f |",
            row.source(), row.tokens(), row.channels(), row.codec(), row.payloadBytes(), row.vsFp32(), row.vsFp16(),
            row.residualError(), row.efError(), row.codecGbps(), row.copyGbps(), row.codecGbps() / row.copyGbps()));
      }
    }
    if (csv != null) {
      writeCsv(csv, rows);
    }
    return 0;
  }

  private static String argument(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  static Row measure(ActivationSource src, float[][] steps, CodecSpec spec, double minSeconds) {
    int n = src.tokens();
    int c = src.channels();
    int size = n * c;
    long payload = ResidualStreams.payloadBytes(spec, n, c);
    long raw = ResidualStreams.rawBytes(n, c);

    Codec codec = Codecs.create(spec, n, c);
    byte[] body = new byte[codec.bodyBytes()];
    float[] delta = new float[size];
    float[] recon = new float[size];
    double residualError = 0;
    for (int t = 1; t < steps.length; t++) {
      for (int i = 0; i < size; i++) {
        delta[i] = steps[t][i] - steps[t - 1][i];
      }
      codec.encode(delta, body, 0);
      java.util.Arrays.fill(recon, 0f);
      codec.decodeAdd(body, 0, recon);
      residualError += relativeError(delta, recon);
    }
    residualError /= steps.length - 1;

    StreamKey key = new StreamKey(0, "k", 0, -1);
    StreamConfig cfg = StreamConfig.of(spec);
    SenderStream sender = new ResidualStreams(cfg).sender(key, n, c);
    ReceiverStream receiver = new ResidualStreams(cfg).receiver(key, n, c);
    double efError = 0;
    for (int t = 0; t < steps.length; t++) {
      receiver.decode(sender.encode(FloatBuffer.wrap(steps[t]), t), t, FloatBuffer.wrap(recon));
      if (t >= cfg.warmupSteps()) {
        efError += relativeError(steps[t], recon);
      }
    }
    efError /= steps.length - cfg.warmupSteps();

    // Throughput on the last residual; the timed loop reuses every buffer, as the streams do.
    // Codec and copy calls alternate and the fastest call of each counts, so load from other
    // processes on a shared machine hits both sides of the ratio alike and is mostly filtered out.
    Codec timed = Codecs.create(spec, n, c);
    float[] copy = new float[size];
    double[] best = bestOf(minSeconds, () -> {
      timed.encode(delta, body, 0);
      timed.decodeAdd(body, 0, recon);
    }, () -> System.arraycopy(delta, 0, copy, 0, size));
    double codecSeconds = best[0];
    double copySeconds = best[1];
    return new Row(src.name(), n, c, spec.toString(), payload, raw / (double) payload, raw / 2.0 / payload,
        residualError, efError, raw / codecSeconds / 1e9, raw / copySeconds / 1e9);
  }

  /** Fastest single call of {@code a} and of {@code b}, alternating, after two warm-up rounds; at least 5 rounds and {@code minSeconds}. */
  static double[] bestOf(double minSeconds, Runnable a, Runnable b) {
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
    Runnable[] ops = {a, b};
    long start = System.nanoTime();
    for (int round = 0; round < 7 || System.nanoTime() - start < minSeconds * 1e9; round++) {
      for (int k = 0; k < 2; k++) {
        long t0 = System.nanoTime();
        ops[k].run();
        double s = (System.nanoTime() - t0) / 1e9;
        if (round >= 2) {
          best[k] = Math.min(best[k], s);
        }
      }
    }
    return best;
  }

  static double relativeError(float[] truth, float[] approx) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < truth.length; i++) {
      double d = truth[i] - approx[i];
      num += d * d;
      den += (double) truth[i] * truth[i];
    }
    return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
  }

  private static void writeCsv(Path csv, List<Row> rows) throws IOException {
    StringBuilder sb = new StringBuilder("source,tokens,channels,codec,payload_bytes,ratio_fp32,ratio_fp16,residual_rel_err,ef_rel_err,codec_gbps,copy_gbps\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%.4f,%.4f,%.6f,%.6f,%.4f,%.4f%n", r.source(), r.tokens(),
          r.channels(), r.codec(), r.payloadBytes(), r.vsFp32(), r.vsFp16(), r.residualError(), r.efError(),
          r.codecGbps(), r.copyGbps()));
    }
    Path dir = csv.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".codec-bench", ".tmp");
    Files.writeString(tmp, sb);
    Files.move(tmp, csv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
