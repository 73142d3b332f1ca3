package dev.compactfusion.perf.bench.report;

import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.CaseResult;
import dev.compactfusion.perf.bench.RunRecord;
import dev.compactfusion.perf.bench.Spread;
import dev.compactfusion.perf.bench.StepBreakdown;
import java.util.Locale;

/**
 * Three CSV tables of a bench: one row per case (medians and spread), one per timed run, one per
 * step of each timed run. A {@code modelled} column (always false here) lines them up with the
 * cost model's CSV.
 */
public final class ResultsCsv {
  private ResultsCsv() {}

  public static String cases(BenchResults results) {
    StringBuilder out = new StringBuilder("modelled,model,method,strategy,codec,workers,link,link_mbit,steps,runs,"
        + "latency_median_s,latency_min_s,latency_max_s,latency_q1_s,latency_q3_s,speedup_vs_serial,"
        + "wall_median_s,compute_s,comm_s,codec_s,bytes_per_step_per_worker,raw_bytes_per_step_per_worker,error\n");
    for (CaseResult c : results.cases()) {
      BenchCase k = c.benchCase();
      out.append(String.format(Locale.ROOT, "false,%s,%s,%s,%s,%d,%s,%s,%d,%d,", field(results.settings().model()),
          k.method().name(), k.method().strategy().cliName(), k.method().codec().toString(), k.workers(), k.link().name(),
          k.link().emulated() ? number(k.link().megabits()) : "", c.steps(), c.runs().size()));
      if (c.ok()) {
        Spread l = c.latency();
        out.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%.4f,%s,%.4f,%.4f,%.4f,%.4f,%.0f,%.0f,%n",
            l.median(), l.min(), l.max(), l.q1(), l.q3(), number(results.speedup(c)),
            c.median(RunRecord::wallSeconds), c.median(RunRecord::computeSeconds), c.median(RunRecord::commSeconds),
            c.median(RunRecord::codecSeconds), c.bytesPerStepPerWorker(), c.rawBytesPerStepPerWorker()));
      } else {
        out.append(",,,,,,,,,,,,").append(field(c.error())).append('\n');
      }
    }
    return out.toString();
  }

  public static String runs(BenchResults results) {
    StringBuilder out = new StringBuilder(
        "method,workers,link,run,latency_s,wall_s,compute_s,comm_s,codec_s,bytes_sent,bytes_raw\n");
    for (CaseResult c : results.succeeded()) {
      BenchCase k = c.benchCase();
      for (RunRecord r : c.runs()) {
        out.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%d,%d%n", k.method().name(),
            k.workers(), k.link().name(), r.run(), r.latencySeconds(), r.wallSeconds(), r.computeSeconds(),
            r.commSeconds(), r.codecSeconds(), r.bytesSent(), r.bytesRaw()));
      }
    }
    return out.toString();
  }

  public static String steps(BenchResults results) {
    StringBuilder out = new StringBuilder(
        "method,workers,link,run,step,compute_s,comm_s,codec_s,bytes_sent,bytes_raw\n");
    for (CaseResult c : results.succeeded()) {
      BenchCase k = c.benchCase();
      for (RunRecord r : c.runs()) {
        for (StepBreakdown s : r.steps()) {
          out.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%d,%.5f,%.5f,%.5f,%d,%d%n", k.method().name(),
              k.workers(), k.link().name(), r.run(), s.step(), s.computeSeconds(), s.commSeconds(),
              s.codecSeconds(), s.bytesSent(), s.bytesRaw()));
        }
      }
    }
    return out.toString();
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** Quotes a field that holds a comma, quote or line break (RFC 4180). */
  static String field(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return '"' + s.replace("\"", "\"\"").replace('\n', ' ').replace('\r', ' ') + '"';
    }
    return s;
  }
}
