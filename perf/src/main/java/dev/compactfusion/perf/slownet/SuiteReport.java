package dev.compactfusion.perf.slownet;

import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.CaseResult;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.Spread;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the suite is for: every case against its lower bound, and at the slowest link each
 * compressed method against DistriFusion and uncompressed ring and Ulysses, next to the goals of
 * issue 7 (at least 6.7× faster; within 1.3× of the bound). Says "not met" where a goal is not met.
 */
public final class SuiteReport {
  public static final double HEADLINE_SPEEDUP = 6.7;
  public static final double BOUND_GOAL = 1.3;
  private static final List<String> BASELINES = List.of("distrifusion", "ring", "ulysses");

  private final BenchResults results;
  private final Shaping shaping;

  public SuiteReport(BenchResults results, Shaping shaping) {
    this.results = results;
    this.shaping = shaping;
  }

  /** Per-run bounds of a case, summarised: compute, link time, bound, and achieved ÷ bound. */
  public record Bounded(CaseResult result, Spread compute, Spread link, Spread bound, Spread ratio) {}

  public Bounded bounded(CaseResult c) {
    BenchCase k = c.benchCase();
    List<LowerBound> bounds = c.runs().stream()
        .map(r -> LowerBound.of(r, k.link().bitsPerSecond(), shaping)).toList();
    double[] ratio = new double[bounds.size()];
    for (int i = 0; i < ratio.length; i++) {
      ratio[i] = bounds.get(i).ratio(c.runs().get(i).latencySeconds());
    }
    return new Bounded(c,
        Spread.of(bounds.stream().mapToDouble(LowerBound::computeSeconds).toArray()),
        Spread.of(bounds.stream().mapToDouble(LowerBound::linkSeconds).toArray()),
        Spread.of(bounds.stream().mapToDouble(LowerBound::seconds).toArray()),
        Spread.of(ratio));
  }

  public Optional<LinkSetting> slowest() {
    return results.succeeded().stream().map(c -> c.benchCase().link())
        .min(Comparator.comparingLong(LinkSetting::bitsPerSecond));
  }

  /** Median latency of {@code method} on {@code link}, if it ran. */
  public Optional<CaseResult> find(String method, LinkSetting link) {
    return results.succeeded().stream()
        .filter(c -> c.benchCase().method().name().equals(method) && c.benchCase().link().equals(link))
        .findFirst();
  }

  /** baseline's median latency ÷ c's, or NaN when the baseline did not run on c's link. */
  public double speedupOver(CaseResult c, String baseline) {
    return find(baseline, c.benchCase().link())
        .map(b -> b.latency().median() / c.latency().median()).orElse(Double.NaN);
  }

  public String markdown() {
    StringBuilder out = new StringBuilder();
    int workers = results.cases().isEmpty() ? 0 : results.cases().get(0).benchCase().workers();
    out.append(String.format(Locale.ROOT, "### MEASURED: slow-network suite, %s, %d worker %s over tcp, "
        + "%d steps (warmup %d), links shaped %s%n%n", results.settings().model(), workers,
        results.settings().launcher() == LauncherKind.THREADS ? "threads of one JVM" : "processes",
        results.settings().steps(), results.settings().warmupSteps(), shaping == Shaping.APP
            ? "per worker interface by the tcp backend (link model nic)" : "externally (one shared link, e.g. tbf on a namespace's loopback)"));
    Optional<LinkSetting> slowest = slowest();
    if (slowest.isEmpty()) {
      out.append("Nothing ran.\n");
      return out.toString();
    }
    LinkSetting link = slowest.get();
    out.append(String.format(Locale.ROOT, "#### At the slowest link (%s): compressed methods against the baselines%n%n",
        link.name()));
    out.append("| method | median s | vs distrifusion | vs ring | vs ulysses | lower bound s | achieved ÷ bound |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    CaseResult best = null;
    for (CaseResult c : results.succeeded()) {
      if (!c.benchCase().link().equals(link) || c.benchCase().method().codec().kind() == dev.compactfusion.codec.CodecKind.NONE) {
        continue;
      }
      Bounded b = bounded(c);
      out.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %s | %s | %.3f | %.2f |%n",
          c.benchCase().method().name(), c.latency().median(), times(speedupOver(c, "distrifusion")),
          times(speedupOver(c, "ring")), times(speedupOver(c, "ulysses")), b.bound().median(), b.ratio().median()));
      if (best == null || c.latency().median() < best.latency().median()) {
        best = c;
      }
    }
    out.append('\n');
    if (best != null) {
      out.append(headline(best));
    } else {
      out.append("No compressed method ran at this link.\n\n");
    }
    out.append("#### Every case against its lower bound max(compute, bytes on the busiest link ÷ bandwidth)\n\n");
    out.append("| link | method | median s | min–max s | compute s | link s | bound s | achieved ÷ bound "
        + "| MB sent/step/worker |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (CaseResult c : results.succeeded()) {
      Bounded b = bounded(c);
      Spread l = c.latency();
      out.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f–%.3f | %.3f | %.3f | %.3f | %.2f | %.3f |%n",
          c.benchCase().link().name(), c.benchCase().method().name(), l.median(), l.min(), l.max(),
          b.compute().median(), b.link().median(), b.bound().median(), b.ratio().median(),
          c.bytesPerStepPerWorker() / 1e6));
    }
    out.append(String.format(Locale.ROOT, "%nLatency: denoising time (worker start and model load excluded), "
        + "median of %d run(s) after %d warm-up run(s). Compute: the busiest worker's compute + codec time of the "
        + "same run. Bytes per link: %s. Machine: %s. Started %s.%n", results.settings().runs(),
        results.settings().warmupRuns(), shaping == Shaping.APP
            ? "ring sends all of a worker's bytes to its successor; gathers and all-to-alls spread them over N−1 links"
            : "all workers' bytes share the one link",
        results.machine(), results.started()));
    List<CaseResult> failed = results.cases().stream().filter(c -> !c.ok()).toList();
    if (!failed.isEmpty()) {
      out.append("\nDid not run:\n\n");
      failed.forEach(c -> out.append("- ").append(c.benchCase().label()).append(": ").append(c.error()).append('\n'));
    }
    return out.toString();
  }

  private String headline(CaseResult best) {
    StringBuilder out = new StringBuilder();
    String name = best.benchCase().method().name();
    out.append(String.format(Locale.ROOT, "Fastest compressed method at %s: **%s**, %.3f s.%n%n",
        best.benchCase().link().name(), name, best.latency().median()));
    for (String baseline : BASELINES) {
      double s = speedupOver(best, baseline);
      if (Double.isNaN(s)) {
        out.append(String.format(Locale.ROOT, "- vs %s: did not run%n", baseline));
      } else {
        out.append(String.format(Locale.ROOT, "- vs %s: %.2f× faster (published headline ≥ %.1f×: %s)%n", baseline,
            s, HEADLINE_SPEEDUP, s >= HEADLINE_SPEEDUP ? "met" : "not met"));
      }
    }
    double ratio = bounded(best).ratio().median();
    out.append(String.format(Locale.ROOT, "- achieved ÷ lower bound: %.2f (goal ≤ %.1f: %s)%n%n", ratio, BOUND_GOAL,
        ratio <= BOUND_GOAL ? "met" : "not met"));
    return out.toString();
  }

  public String csv() {
    StringBuilder out = new StringBuilder("link,link_mbit,method,workers,median_s,compute_s,link_s,bound_s,"
        + "achieved_over_bound,vs_distrifusion,vs_ring,vs_ulysses,shaping\n");
    for (CaseResult c : results.succeeded()) {
      Bounded b = bounded(c);
      BenchCase k = c.benchCase();
      out.append(String.format(Locale.ROOT, "%s,%.3f,%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%s,%s,%s,%s%n", k.link().name(),
          k.link().megabits(), k.method().name(), k.workers(), c.latency().median(), b.compute().median(),
          b.link().median(), b.bound().median(), b.ratio().median(), plain(speedupOver(c, "distrifusion")),
          plain(speedupOver(c, "ring")), plain(speedupOver(c, "ulysses")), shaping.cliName()));
    }
    return out.toString();
  }

  private static String times(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v);
  }

  private static String plain(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
  }
}
