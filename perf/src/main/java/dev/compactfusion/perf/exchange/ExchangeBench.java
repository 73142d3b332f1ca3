package dev.compactfusion.perf.exchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark of the attention exchanges alone (no model): for each transport and strategy variant,
 * seconds per denoising step, bytes on the wire per worker-step against fp32, and the time spent
 * in codecs and blocked on peers. Ratios are against {@code patch} on the same transport in the
 * same run. Options: --workers 4 --batch 2 --tokens 256 --heads 8 --head-dim 64 --layers 4
 * --steps 4 --repeats 2 --no-mlp --link 100mbit --transports local,tcp --variants patch,ring+1bit,... and
 * --out FILE.csv (written atomically). See docs/strategies.md for the command and results.
 */
public final class ExchangeBench {
  private ExchangeBench() {}

  public static int run(String... args) throws Exception {
    String out = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out") && i + 1 < args.length) {
        out = args[++i];
      } else {
        rest.add(args[i]);
      }
    }
    BenchConfig cfg;
    try {
      cfg = BenchConfig.parse(rest.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      System.err.println("exchange-bench: " + e.getMessage());
      return 2;
    }
    System.out.printf(Locale.ROOT, "%d workers, batch %d, %d tokens, %d heads x %d, %d layers, %d steps (1 warmup), best of %d, mlp %s, tcp link %s%n",
        cfg.workers(), cfg.batch(), cfg.tokens(), cfg.heads(), cfg.headDim(), cfg.layers(), cfg.steps(), cfg.repeats(),
        cfg.mlp(), cfg.link());
    System.out.printf(Locale.ROOT, "%-9s %-20s %10s %9s %12s %12s %8s %10s %10s%n", "transport", "variant", "s/step",
        "vs patch", "MB sent/w", "MB fp32/w", "fp32/sent", "codec s", "blocked s");
    List<BenchRow> rows = new ArrayList<>();
    for (String transport : cfg.transports()) {
      Double patch = null;
      for (String variant : cfg.variants()) {
        // The fastest of the repeats: the machine is shared, and the first run of a variant also warms the JIT.
        BenchRow row = null;
        for (int i = 0; i < cfg.repeats(); i++) {
          BenchRow run = BenchRun.run(cfg, transport, variant);
          row = row == null || run.seconds() < row.seconds() ? run : row;
        }
        rows.add(row);
        if (variant.equals("patch")) {
          patch = row.seconds();
        }
        System.out.printf(Locale.ROOT, "%-9s %-20s %10.4f %9s %12.3f %12.3f %8.1f %10.4f %10.4f%n", transport, variant,
            row.seconds(), patch == null ? "-" : String.format(Locale.ROOT, "%.2f", row.seconds() / patch),
            row.sentBytes() / 1e6, row.rawBytes() / 1e6, row.rawBytes() / Math.max(1, row.sentBytes()),
            row.codecSeconds(), row.blockedSeconds());
      }
    }
    if (out != null) {
      write(Path.of(out), rows);
    }
    return 0;
  }

  private static void write(Path file, List<BenchRow> rows) throws IOException {
    StringBuilder csv = new StringBuilder(BenchRow.csvHeader()).append('\n');
    rows.forEach(r -> csv.append(r.csv()).append('\n'));
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".exchange-bench", ".tmp");
    Files.writeString(tmp, csv, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
