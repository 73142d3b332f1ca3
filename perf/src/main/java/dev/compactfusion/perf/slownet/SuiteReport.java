package dev.compactfusion.perf.slownet;

import dev.compactfusion.codec.CodecKind;
import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.CaseResult;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MethodSpec;
import dev.compactfusion.perf.bench.Spread;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the suite is for, next to its goals: every case against its own lower bound (goal: within
 * 1.2×), and at the slowest link the fastest compressed method against DistriFusion exchanging
 * fp16 (goal: at least 6.7× faster, the published headline, and at least 0.9 × what the two lower
 * bounds allow). Says "not met" where a goal is not met; a baseline that did not run says so.
 */
public final class SuiteReport {
  public static final double HEADLINE_SPEEDUP = 6.7;
  public static final double BOUND_GOAL = 1.2;
  public static final double BOUND_RATIO_GOAL = 0.9;
  /** The baseline of the headline: DistriFusion as published, in half precision. */
  public static final String HEADLINE_BASELINE = "distrifusion:fp16";
  private static final List<String> BASELINES = List.of(HEADLINE_BASELINE, "ring:fp16", "ulysses:fp16", "patch:fp16");

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

  /** The cases that crossed an emulated link (serial, the speedup reference, did not). */
  public List<CaseResult> linked() {
    return results.succeeded().stream().filter(c -> c.benchCase().link().emulated()).toList();
  }

  public Optional<LinkSetting> slowest() {
    return linked().stream().map(c -> c.benchCase().link()).min(Comparator.comparingLong(LinkSetting::bitsPerSecond));
  }

  /** The case of {@code method} on {@code link}, if it ran. */
  public Optional<CaseResult> find(String method, LinkSetting link) {
    return linked().stream()
        .filter(c -> c.benchCase().method().name().equals(method) && c.benchCase().link().equals(link))
        .findFirst();
  }

  /** baseline's median latency ÷ c's, or NaN when the baseline did not run on c's link. */
  public double speedupOver(CaseResult c, String baseline) {
    return find(baseline, c.benchCase().link())
        .map(b -> b.latency().median() / c.latency().median()).orElse(Double.NaN);
  }

  /** baseline's lower bound ÷ c's: the speedup the bounds allow, or NaN without the baseline. */
  public double boundSpeedupOver(CaseResult c, String baseline) {
    return find(baseline, c.benchCase().link())
        .map(b -> bounded(b).bound().median() / bounded(c).bound().median()).orElse(Double.NaN);
  }

  /** Compressed beyond half precision: a codec other than fp16. */
  public static boolean compressed(MethodSpec m) {
    return m.codec().kind() != CodecKind.NONE && !m.halfPrecision();
  }

  public String markdown() {
    StringBuilder out = new StringBuilder();
    int workers = linked().isEmpty() ? 0 : linked().get(0).benchCase().workers();
    out.append(String.format(Locale.ROOT, "### MEASURED: slow-network suite, %s, %d worker %s over tcp, "
        + "%d steps (warmup %d), links shaped %s%n%n", results.settings().model(), workers,
        results.settings().launcher() == LauncherKind.THREADS ? "threads of one JVM" : "processes",
        results.settings().steps(), results.settings().warmupSteps(), shaping == Shaping.APP
            ? "per worker interface by the tcp backend (link model nic)"
            : "externally (one shared link, e.g. tbf on a namespace's loopback)"));
    Optional<LinkSetting> slowest = slowest();
    if (slowest.isEmpty()) {
      out.append("Nothing ran over a link.\n");
      return out.toString();
    }
    LinkSetting link = slowest.get();
    out.append(String.format(Locale.ROOT, "#### At the slowest link (%s): compressed methods against the fp16 "
        + "baselines%n%n", link.name()));
    out.append("| method | median s | vs distrifusion:fp16 | vs ring:fp16 | vs ulysses:fp16 | vs patch:fp16 "
        + "| lower bound s | achieved ÷ bound |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    CaseResult best = null;
    for (CaseResult c : linked()) {
      if (!c.benchCase().link().equals(link) || !compressed(c.benchCase().method())) {
        continue;
      }
      Bounded b = bounded(c);
      out.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %s | %s | %s | %.3f | %.2f |%n",
          c.benchCase().method().name(), c.latency().median(), times(speedupOver(c, BASELINES.get(0))),
          times(speedupOver(c, BASELINES.get(1))), times(speedupOver(c, BASELINES.get(2))),
          times(speedupOver(c, BASELINES.get(3))), b.bound().median(), b.ratio().median()));
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
    out.append(boundsTable());
    out.append(String.format(Locale.ROOT, "%nLatency: denoising time (worker start, model load and the VAE "
        + "decode excluded), median of %d run(s) after %d warm-up run(s), every run of a case in the same warm "
        + "workers. Compute: the busiest worker's compute + codec time of the same run. Bytes per link: %s. "
        + "Machine: %s. Started %s.%n", results.settings().runs(), results.settings().warmupRuns(),
        shaping == Shaping.APP
            ? "each worker's interface carries everything it sends, so the busiest interface carries the "
                + "busiest sender's bytes"
            : "all workers' bytes share the one link",
        results.machine(), results.started()));
    List<CaseResult> failed = results.cases().stream().filter(c -> !c.ok()).toList();
    if (!failed.isEmpty()) {
      out.append("\nDid not run:\n\n");
      failed.forEach(c -> out.append("- ").append(c.benchCase().label()).append(": ").append(c.error()).append('\n'));
    }
    return out.toString();
  }

  private String boundsTable() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "#### Every case against its lower bound max(compute, bytes through the "
        + "busiest interface ÷ rate); goal ≤ %.1f×%n%n", BOUND_GOAL));
    out.append("| link | method | median s | min–max s | speedup vs serial | compute s | link s | bound s "
        + "| achieved ÷ bound | goal | MB sent/step/worker |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
    int met = 0;
    for (CaseResult c : linked()) {
      Bounded b = bounded(c);
      Spread l = c.latency();
      boolean ok = b.ratio().median() <= BOUND_GOAL;
      met += ok ? 1 : 0;
      out.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f–%.3f | %s | %.3f | %.3f | %.3f | %.2f | %s | %.3f |%n",
          c.benchCase().link().name(), c.benchCase().method().name(), l.median(), l.min(), l.max(),
          times(results.speedup(c)), b.compute().median(), b.link().median(), b.bound().median(),
          b.ratio().median(), ok ? "met" : "not met", c.bytesPerStepPerWorker() / 1e6));
    }
    out.append(String.format(Locale.ROOT, "%n%d of %d cases within %.1f× of their bound.%n", met, linked().size(),
        BOUND_GOAL));
    results.serial().ifPresent(s -> out.append(String.format(Locale.ROOT,
        "Serial (one worker, no link): %.3f s median (%.3f–%.3f).%n", s.latency().median(), s.latency().min(),
        s.latency().max())));
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
      } else if (baseline.equals(HEADLINE_BASELINE)) {
        double allowed = boundSpeedupOver(best, baseline);
        out.append(String.format(Locale.ROOT, "- vs %s: %.2f× faster (published headline ≥ %.1f×: %s); the lower "
            + "bounds allow %.2f×, goal ≥ %.1f × that = %.2f×: %s%n", baseline, s, HEADLINE_SPEEDUP,
            s >= HEADLINE_SPEEDUP ? "met" : "not met", allowed, BOUND_RATIO_GOAL, BOUND_RATIO_GOAL * allowed,
            s >= BOUND_RATIO_GOAL * allowed ? "met" : "not met"));
      } else {
        out.append(String.format(Locale.ROOT, "- vs %s: %.2f× faster%n", baseline, s));
      }
    }
    double ratio = bounded(best).ratio().median();
    out.append(String.format(Locale.ROOT, "- achieved ÷ lower bound: %.2f (goal ≤ %.1f: %s)%n%n", ratio, BOUND_GOAL,
        ratio <= BOUND_GOAL ? "met" : "not met"));
    return out.toString();
  }

  public String csv() {
    StringBuilder out = new StringBuilder("link,link_mbit,method,workers,median_s,min_s,max_s,runs,compute_s,link_s,"
        + "bound_s,achieved_over_bound,speedup_vs_serial,vs_distrifusion_fp16,bytes_per_step_per_worker,shaping\n");
    for (CaseResult c : linked()) {
      Bounded b = bounded(c);
      BenchCase k = c.benchCase();
      Spread l = c.latency();
      out.append(String.format(Locale.ROOT, "%s,%.3f,%s,%d,%.4f,%.4f,%.4f,%d,%.4f,%.4f,%.4f,%.4f,%s,%s,%.0f,%s%n",
          k.link().name(), k.link().megabits(), k.method().name(), k.workers(), l.median(), l.min(), l.max(), l.n(),
          b.compute().median(), b.link().median(), b.bound().median(), b.ratio().median(),
          plain(results.speedup(c)), plain(speedupOver(c, HEADLINE_BASELINE)), c.bytesPerStepPerWorker(),
          shaping.cliName()));
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
