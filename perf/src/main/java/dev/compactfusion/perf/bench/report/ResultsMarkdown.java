package dev.compactfusion.perf.bench.report;

import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.CaseResult;
import dev.compactfusion.perf.bench.RunRecord;
import dev.compactfusion.perf.bench.Spread;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bench as Markdown: one table per worker count and link, each headed MEASURED (the cost
 * model's tables say MODELLED and have the same leading columns), with serial repeated at the top
 * of each table as the speedup reference; failed cases are listed below with their reasons.
 */
public final class ResultsMarkdown {
  private ResultsMarkdown() {}

  public static String of(BenchResults results) {
    BenchSettings s = results.settings();
    StringBuilder out = new StringBuilder();
    Map<String, List<CaseResult>> groups = new LinkedHashMap<>();
    for (CaseResult c : results.succeeded()) {
      BenchCase k = c.benchCase();
      if (!k.method().serial()) {
        groups.computeIfAbsent(k.workers() + "\u0000" + k.link().name(), x -> new ArrayList<>()).add(c);
      }
    }
    Optional<CaseResult> serial = results.serial();
    if (groups.isEmpty() && serial.isPresent()) {
      groups.put("1\u0000none", new ArrayList<>());
    }
    for (List<CaseResult> group : groups.values()) {
      BenchCase first = group.isEmpty() ? serial.get().benchCase() : group.get(0).benchCase();
      out.append(String.format(Locale.ROOT, "### MEASURED: %s on %d workers (%s), link %s, %d steps%n%n",
          s.model(), first.workers(), s.launcher().cliName(), first.link().name(), s.steps()));
      out.append("| method | median s | min–max s | speedup vs serial | compute s | comm wait s | codec s "
          + "| MB sent/step/worker | raw MB/step/worker | raw ÷ sent |\n");
      out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      serial.ifPresent(c -> row(out, results, c));
      group.forEach(c -> row(out, results, c));
      out.append('\n');
    }
    List<CaseResult> failed = results.cases().stream().filter(c -> !c.ok()).toList();
    if (!failed.isEmpty()) {
      out.append("Did not run:\n\n");
      for (CaseResult c : failed) {
        out.append("- ").append(c.benchCase().label()).append(": ").append(c.error()).append('\n');
      }
      out.append('\n');
    }
    out.append(String.format(Locale.ROOT, "Latency is denoising time (the slowest worker's sum of step times; "
        + "worker start and model load excluded), median of %d timed runs after %d warm-up run(s). "
        + "Compute, comm wait and codec are medians of per-run means over workers. Machine: %s. Started %s.%n",
        s.runs(), s.warmupRuns(), results.machine(), results.started()));
    return out.toString();
  }

  private static void row(StringBuilder out, BenchResults results, CaseResult c) {
    Spread l = c.latency();
    double speedup = results.speedup(c);
    double sent = c.bytesPerStepPerWorker();
    double raw = c.rawBytesPerStepPerWorker();
    out.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f–%.3f | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %s |%n",
        c.benchCase().method().name(), l.median(), l.min(), l.max(),
        Double.isNaN(speedup) ? "–" : String.format(Locale.ROOT, "%.2f×", speedup),
        c.median(RunRecord::computeSeconds), c.median(RunRecord::commSeconds), c.median(RunRecord::codecSeconds),
        sent / 1e6, raw / 1e6, sent > 0 ? String.format(Locale.ROOT, "%.1f×", raw / sent) : "–"));
  }
}
