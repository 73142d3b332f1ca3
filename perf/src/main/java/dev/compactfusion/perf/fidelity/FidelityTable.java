package dev.compactfusion.perf.fidelity;

import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.run.ParallelGeneration;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.Generator;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.metrics.Fidelity;
import dev.compactfusion.models.prompt.Attribute;
import dev.compactfusion.models.registry.EmbeddedModels;
import dev.compactfusion.models.registry.ModelSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fidelity table of issue 6: PSNR and SSIM of every parallel method against the serial
 * generator for the same prompt, seed and steps, over prompt x seed pairs, on one model, with
 * workers as threads. Each row also reports the bytes the run put on the wire against raw fp32.
 * The markdown table is rewritten (atomically) after every row, so a long run leaves what it has;
 * beside it, {@code NAME.pairs.csv} holds every pair's PSNR, SSIM and bytes (the raw values the
 * table's means and minima come from).
 *
 * <p>{@code FidelityTable [--model NAME|DIR] [--pairs 16] [--steps N] [--workers 4] [--warmup 1]
 * [--only SUBSTRING] [--rows LABEL,LABEL] [--out FILE.md]}: {@code --only} keeps the rows whose label
 * contains the substring, {@code --rows} exactly the labels listed (to rerun chosen rows without
 * their variants, e.g. {@code patch 1bit} without {@code patch 1bit noef}).
 *
 * <p>PipeFusion rows run one patch per stage (M = workers, the plan's default).
 */
public final class FidelityTable {

  /** One row: a method (strategy, codec, residual mode) and its measured fidelity. */
  record Method(String strategy, String codec, String residual) {
    String label() {
      return strategy + " " + codec + (residual.equals("ef") || codec.equals("none") ? "" : " " + residual);
    }
  }

  private FidelityTable() {}

  /** The rows in table order. */
  static List<Method> methods() {
    List<Method> out = new ArrayList<>();
    for (String strategy : List.of("patch", "ring", "ulysses")) {
      for (String codec : List.of("none", "fp16", "int4", "2bit", "1bit", "lowrank:8")) {
        out.add(new Method(strategy, codec, "ef"));
      }
    }
    out.add(new Method("distrifusion", "none", "ef"));
    out.add(new Method("compact-async", "1bit", "ef"));
    out.add(new Method("patch", "1bit", "noef"));
    out.add(new Method("patch", "1bit", "naive"));
    for (String codec : List.of("none", "fp16", "1bit", "2bit", "lowrank:8")) {
      out.add(new Method("pipefusion", codec, "ef"));
    }
    out.add(new Method("pipefusion", "1bit", "noef"));
    // The slow-network suite's baselines: plain fp16 activations, as the published systems exchange.
    for (String strategy : List.of("patch", "ring", "ulysses", "distrifusion", "pipefusion")) {
      out.add(new Method(strategy, "fp16", "naive"));
    }
    return out;
  }

  /** The rows in the order they are measured: the comparisons the issue asks about first. */
  static List<Method> measuringOrder() {
    List<Method> first = List.of(new Method("patch", "1bit", "ef"), new Method("distrifusion", "none", "ef"),
        new Method("compact-async", "1bit", "ef"), new Method("patch", "1bit", "noef"),
        new Method("patch", "1bit", "naive"));
    List<Method> out = new ArrayList<>(first);
    methods().stream().filter(m -> !first.contains(m)).forEach(out::add);
    return out;
  }

  public static int run(String... args) throws IOException {
    String model = EmbeddedModels.DEFAULT;
    int pairs = 16;
    Integer steps = null;
    int workers = 4;
    int warmup = 1;
    String only = "";
    List<String> exact = List.of();
    Path out = Path.of("fidelity-table.md");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--model" -> model = args[i + 1];
        case "--pairs" -> pairs = Integer.parseInt(args[i + 1]);
        case "--steps" -> steps = Integer.parseInt(args[i + 1]);
        case "--workers" -> workers = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--only" -> only = args[i + 1];
        case "--rows" -> exact = List.of(args[i + 1].split(","));
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    ModelSource source = ModelSource.resolve(model);
    ModelConfig config = source.config();
    int n = steps == null ? config.sampler().steps() : steps;
    float guidance = config.sampler().guidance();
    List<String> prompts = prompts(config, pairs);
    List<Frames> serial = new ArrayList<>();
    try (DiT dit = DiT.load(source)) {
      Generator g = new Generator(dit);
      for (int p = 0; p < pairs; p++) {
        serial.add(g.generate(new GenerationRequest(model, prompts.get(p), p, n, guidance), (d, t) -> {}));
      }
    }
    String header = "Model `" + config.name() + "` (" + config.description() + "), " + workers + " workers (threads), "
        + n + " steps, guidance " + guidance + ", warmup " + warmup + ", " + pairs
        + " prompt x seed pairs (prompt i, seed i).\n\n"
        + "| method | PSNR mean (dB) | PSNR min (dB) | SSIM mean | SSIM min | wire bytes raw/sent |\n"
        + "|---|---|---|---|---|---|\n";
    Map<Method, String> rows = new HashMap<>();
    StringBuilder pairRows = new StringBuilder("method,pair,prompt,seed,psnr_db,ssim,bytes_sent,bytes_raw\n");
    Path pairsOut = pairsFile(out);
    LaunchOptions threads = LaunchOptions.threads(Duration.ofSeconds(120));
    for (Method m : measuringOrder()) {
      if (!m.label().contains(only) || !exact.isEmpty() && !exact.contains(m.label())) {
        continue;
      }
      ParallelPlan plan = ParallelPlan.of(Strategy.parse(m.strategy()), workers, 0, 0, false, ParallelPlan.Compression.parse(m.codec(), m.residual(), warmup));
      double psnrSum = 0;
      int finite = 0;
      double psnrMin = Double.POSITIVE_INFINITY;
      double ssimSum = 0;
      double ssimMin = Double.POSITIVE_INFINITY;
      long sent = 0;
      long raw = 0;
      for (int p = 0; p < pairs; p++) {
        RunResult r = ParallelGeneration.run(
            new GenerationJob(new GenerationRequest(model, prompts.get(p), p, n, guidance), plan), threads);
        Fidelity f = Fidelity.of(serial.get(p), r.frames());
        double db = f.psnr().decibels();
        if (Double.isFinite(db)) {
          psnrSum += db;
          finite++;
        }
        psnrMin = Math.min(psnrMin, db);
        ssimSum += f.ssim().mean();
        ssimMin = Math.min(ssimMin, f.ssim().mean());
        sent += r.stats().bytesSent();
        raw += r.stats().bytesRaw();
        pairRows.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%s,%.6f,%d,%d%n", m.label(), p, prompts.get(p), p,
            Double.isInfinite(db) ? "inf" : String.format(Locale.ROOT, "%.4f", db), f.ssim().mean(),
            r.stats().bytesSent(), r.stats().bytesRaw()));
      }
      String row = String.format(Locale.ROOT, "| %s | %s | %s | %.4f | %.4f | %.2f |%n", m.label(),
          finite == 0 ? "∞ (identical)" : String.format(Locale.ROOT, "%.2f", psnrSum / finite)
              + (finite < pairs ? " (" + (pairs - finite) + " identical)" : ""),
          Double.isInfinite(psnrMin) ? "∞" : String.format(Locale.ROOT, "%.2f", psnrMin),
          ssimSum / pairs, ssimMin, sent == 0 ? 0 : (double) raw / sent);
      System.out.print(row);
      rows.put(m, row);
      StringBuilder table = new StringBuilder(header);
      methods().stream().filter(rows::containsKey).forEach(x -> table.append(rows.get(x)));
      write(out, table.toString());
      write(pairsOut, pairRows.toString());
    }
    return 0;
  }

  /** Where the per-pair values go: beside the table, {@code NAME.md} → {@code NAME.pairs.csv}. */
  static Path pairsFile(Path table) {
    String name = table.getFileName().toString();
    String stem = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
    return table.resolveSibling(stem + ".pairs.csv");
  }

  /**
   * {@code count} distinct prompts spread evenly over every combination of one word per attribute
   * (as many as there are combinations at most), e.g. "red circle", "red triangle", "green circle".
   */
  static List<String> prompts(ModelConfig config, int count) {
    List<Attribute> attrs = config.vocabulary().attributes();
    long total = attrs.stream().mapToLong(a -> a.words().size()).reduce(1, (x, y) -> x * y);
    if (count > total) {
      throw new IllegalArgumentException("the model has only " + total + " distinct prompts, asked for " + count);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long k = i * total / count;
      List<String> words = new ArrayList<>();
      for (int a = attrs.size() - 1; a >= 0; a--) {
        int size = attrs.get(a).words().size();
        words.add(0, attrs.get(a).words().get((int) (k % size)));
        k /= size;
      }
      out.add(String.join(" ", words));
    }
    return out;
  }

  private static void write(Path out, String text) throws IOException {
    Path abs = out.toAbsolutePath();
    Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
