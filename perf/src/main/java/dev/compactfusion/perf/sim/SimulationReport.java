package dev.compactfusion.perf.sim;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders simulation rows as Markdown tables (one per machine, every one headed MODELLED so a
 * reader never mistakes them for measurements), CSV and JSON, and writes them atomically.
 */
public final class SimulationReport {
  private final List<Simulation.Row> rows;
  private final List<Simulation.Skipped> skipped;
  private final Calibration calibration;
  private final Simulation.Result result;
  private final List<BandwidthSweep.Point> sweep;
  private final String sweepTitle;

  /** A report of {@code result} alone, without the bandwidth sweep. */
  public SimulationReport(Simulation.Result result, Calibration calibration) {
    this(result, List.of(), "", calibration);
  }

  /** {@code sweep} (titled by the machine it varies) adds sweep.csv and the speedup chart. */
  public SimulationReport(Simulation.Result result, List<BandwidthSweep.Point> sweep, String sweepTitle,
      Calibration calibration) {
    this.result = result;
    this.rows = result.rows();
    this.skipped = result.skipped();
    this.sweep = List.copyOf(sweep);
    this.sweepTitle = sweepTitle;
    this.calibration = calibration;
  }

  public String markdown() {
    StringBuilder out = new StringBuilder();
    Map<String, List<Simulation.Row>> byMachine = new LinkedHashMap<>();
    for (Simulation.Row r : rows) {
      byMachine.computeIfAbsent(r.hardware(), k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<Simulation.Row>> machine : byMachine.entrySet()) {
      Simulation.Row first = machine.getValue().get(0);
      out.append(String.format(Locale.ROOT, "### MODELLED: %s on %d× %s (cost model, not a measurement)%n%n",
          first.workload(), first.workers(), machine.getKey()));
      out.append("| method | modelled s | speedup vs 1 GPU | compute s | comm wait s | codec s | unparallelised s "
          + "| MB sent/step/worker | published s | error |\n");
      out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Simulation.Row r : machine.getValue()) {
        Estimate e = r.estimate();
        out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f× | %.2f | %.2f | %.2f | %.2f | %.1f | %s | %s |%n",
            e.method(), e.seconds(), r.speedup(), e.computeSeconds(), e.commSeconds(), e.codecSeconds(),
            e.unparallelisedSeconds(), e.bytesPerStep() / 1e6,
            r.hasPublished() ? String.format(Locale.ROOT, "%.2f", r.published()) : "–",
            r.hasPublished() ? String.format(Locale.ROOT, "%+.1f%%", r.errorPercent()) : "–"));
      }
      List<Simulation.Row> anchored = machine.getValue().stream().filter(Simulation.Row::hasPublished).toList();
      if (anchored.size() > 1) {
        out.append(String.format(Locale.ROOT, "%nOrder, fastest first. Modelled: %s. Published: %s.%n",
            order(anchored, r -> r.estimate().seconds()), order(anchored, Simulation.Row::published)));
        out.append(String.format(Locale.ROOT, "Pairs of methods in the published order: %d of %d; of the pairs "
            + "the publication separates by more than %.0f%%: %d of %d; largest error %.1f%%.%n",
            concordantPairs(anchored, 0), pairs(anchored, 0), 100 * RESOLVED_GAP,
            concordantPairs(anchored, RESOLVED_GAP), pairs(anchored, RESOLVED_GAP),
            anchored.stream().mapToDouble(r -> Math.abs(r.errorPercent())).max().orElse(0)));
      }
      for (Simulation.Skipped s : skipped) {
        if (s.hardware().equals(machine.getKey())) {
          out.append(String.format(Locale.ROOT, "%nNot modelled: %s (%s).%n", s.method(), s.reason()));
        }
      }
      out.append('\n');
    }
    out.append(String.format(Locale.ROOT,
        "Calibration: compute efficiency %.3f of peak, %s effective bandwidth %.2f GB/s and all-to-all efficiency "
            + "%.3f, unparallelised work %.3f of single-GPU compute, overlap interference %.3f, %.1f µs per codec tensor op.%n",
        calibration.computeEfficiency(), calibration.linkName(), calibration.linkBandwidthGBs(),
        calibration.allToAllEfficiency(), calibration.serialFraction(), calibration.overlapInterference(),
        calibration.codecOpMicros()));
    return out.toString();
  }

  public String csv() {
    StringBuilder out = new StringBuilder(
        "modelled,workload,hardware,workers,method,seconds,speedup,compute_s,comm_s,codec_s,unparallelised_s,"
            + "bytes_per_step_per_worker,raw_bytes_per_step_per_worker,published_s,error_percent\n");
    for (Simulation.Row r : rows) {
      Estimate e = r.estimate();
      out.append(String.format(Locale.ROOT, "true,%s,%s,%d,%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.0f,%.0f,%s,%s%n",
          r.workload(), r.hardware(), r.workers(), e.method(), e.seconds(), r.speedup(), e.computeSeconds(),
          e.commSeconds(), e.codecSeconds(), e.unparallelisedSeconds(), e.bytesPerStep(), e.rawBytesPerStep(),
          r.hasPublished() ? String.format(Locale.ROOT, "%.2f", r.published()) : "",
          r.hasPublished() ? String.format(Locale.ROOT, "%.2f", r.errorPercent()) : ""));
    }
    return out.toString();
  }

  /** Speedup over one GPU against link rate, one row per method and rate. */
  public String sweepCsv() {
    StringBuilder out = new StringBuilder("modelled,machine,method,link_gbits,seconds,speedup\n");
    for (BandwidthSweep.Point p : sweep) {
      out.append(String.format(Locale.ROOT, "true,%s,%s,%s,%.4f,%.4f%n",
          sweepTitle, p.method(), p.gbits(), p.seconds(), p.speedup()));
    }
    return out.toString();
  }

  public String json() {
    JsonObject root = new JsonObject();
    root.addProperty("modelled", true);
    JsonObject cal = new JsonObject();
    cal.addProperty("compute_efficiency", calibration.computeEfficiency());
    cal.addProperty("link", calibration.linkName());
    cal.addProperty("link_bandwidth_gbs", calibration.linkBandwidthGBs());
    cal.addProperty("serial_fraction", calibration.serialFraction());
    root.add("calibration", cal);
    JsonArray array = new JsonArray();
    for (Simulation.Row r : rows) {
      Estimate e = r.estimate();
      JsonObject o = new JsonObject();
      o.addProperty("workload", r.workload());
      o.addProperty("hardware", r.hardware());
      o.addProperty("workers", r.workers());
      o.addProperty("method", e.method());
      o.addProperty("seconds", e.seconds());
      o.addProperty("speedup", r.speedup());
      o.addProperty("compute_seconds", e.computeSeconds());
      o.addProperty("comm_seconds", e.commSeconds());
      o.addProperty("codec_seconds", e.codecSeconds());
      o.addProperty("unparallelised_seconds", e.unparallelisedSeconds());
      o.addProperty("bytes_per_step_per_worker", e.bytesPerStep());
      o.addProperty("raw_bytes_per_step_per_worker", e.rawBytesPerStep());
      if (r.hasPublished()) {
        o.addProperty("published_seconds", r.published());
        o.addProperty("error_percent", r.errorPercent());
      }
      array.add(o);
    }
    root.add("rows", array);
    return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
  }

  /**
   * Writes results.json, results.csv, results.md, sweep.csv and the PNG charts into {@code dir}. A new directory is filled
   * under a temporary name and renamed into place; into an existing one each file goes by temp
   * file and rename, so no reader ever sees a half-written file.
   */
  public void write(Path dir) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("results.json", json().getBytes(StandardCharsets.UTF_8));
    files.put("results.csv", csv().getBytes(StandardCharsets.UTF_8));
    files.put("results.md", markdown().getBytes(StandardCharsets.UTF_8));
    if (!sweep.isEmpty()) {
      files.put("sweep.csv", sweepCsv().getBytes(StandardCharsets.UTF_8));
    }
    files.putAll(SimulationCharts.render(result, sweep, sweepTitle));
    if (Files.isDirectory(dir)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path tmp = Files.createTempFile(dir, "." + f.getKey(), ".tmp");
        Files.write(tmp, f.getValue());
        Files.move(tmp, dir.resolve(f.getKey()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp");
    try {
      readableByAll(tmp);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Files.write(tmp.resolve(f.getKey()), f.getValue());
      }
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try (Stream<Path> left = Files.list(tmp)) {
        for (Path p : (Iterable<Path>) left::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * Published times closer than this (relative) are not taken as a ranking: single medians without
   * a spread, where a few per cent is ordinary run-to-run variation on GPUs.
   */
  static final double RESOLVED_GAP = 0.03;

  /**
   * Pairs the model orders as the publication does, among pairs whose published times differ by
   * more than {@code minGap} (relative). A published tie (equal times) counts as agreeing with either
   * order, since the publication does not rank them.
   */
  static int concordantPairs(List<Simulation.Row> rows, double minGap) {
    int agree = 0;
    for (int i = 0; i < rows.size(); i++) {
      for (int j = i + 1; j < rows.size(); j++) {
        if (!separated(rows.get(i), rows.get(j), minGap)) {
          continue;
        }
        double published = rows.get(i).published() - rows.get(j).published();
        double modelled = rows.get(i).estimate().seconds() - rows.get(j).estimate().seconds();
        if (published == 0 || Math.signum(published) == Math.signum(modelled)) {
          agree++;
        }
      }
    }
    return agree;
  }

  /** Pairs whose published times differ by more than {@code minGap} (0: every pair). */
  static int pairs(List<Simulation.Row> rows, double minGap) {
    int count = 0;
    for (int i = 0; i < rows.size(); i++) {
      for (int j = i + 1; j < rows.size(); j++) {
        count += separated(rows.get(i), rows.get(j), minGap) ? 1 : 0;
      }
    }
    return count;
  }

  private static boolean separated(Simulation.Row a, Simulation.Row b, double minGap) {
    return minGap == 0
        || Math.abs(a.published() - b.published()) / Math.min(a.published(), b.published()) > minGap;
  }

  /** Temporary directories are created owner-only; results are for everyone who can read the parent. */
  private static void readableByAll(Path dir) throws IOException {
    try {
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException notPosix) {
      // non-POSIX file systems keep their default permissions
    }
  }

  private static String order(List<Simulation.Row> rows, java.util.function.ToDoubleFunction<Simulation.Row> key) {
    return String.join(" < ", rows.stream().sorted(Comparator.comparingDouble(key))
        .map(r -> r.estimate().method()).toList());
  }
}
