package dev.compactfusion.perf.slownet;

import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MethodSpec;
import java.util.List;

/**
 * The slow-network suite's matrix: the bench settings (procs launcher), the methods, the emulated
 * links and who shapes them, and the worker count. Serial, when listed, runs once without a link:
 * the reference of every speedup.
 */
public record SuiteOptions(BenchSettings settings, List<MethodSpec> methods, List<LinkSetting> links, int workers,
    Shaping shaping, List<String> workerJvmOptions, List<String> skip) {

  public SuiteOptions(BenchSettings settings, List<MethodSpec> methods, List<LinkSetting> links, int workers,
      Shaping shaping, List<String> workerJvmOptions) {
    this(settings, methods, links, workers, shaping, workerJvmOptions, List.of());
  }

  /** Whether {@code method} at {@code link} was left out ({@code --skip METHOD@LINK}). */
  public boolean skips(MethodSpec method, LinkSetting link) {
    return skip.contains(method.name() + "@" + link.name());
  }

  /**
   * What the suite runs when not told otherwise: the uncompressed methods exchanging fp16, as the
   * published systems do (plain DistriFusion's fp32 last, as an extra), CompactFusion's codecs,
   * compressed ring and Ulysses, and PipeFusion plain and compressed; serial first, as reference.
   */
  public static final List<String> DEFAULT_METHODS = List.of("serial", "compact:1bit", "compact:2bit",
      "compact:lowrank:8", "ring:1bit", "ulysses:1bit", "pipefusion:1bit", "pipefusion:fp16", "distrifusion:fp16",
      "patch:fp16", "ulysses:fp16", "ring:fp16", "distrifusion");
  public static final List<String> DEFAULT_LINKS = List.of("10mbit", "100mbit", "1gbit");
  /** DiT-XL/2-256's steps as the published latency runs count them. */
  public static final int DEFAULT_STEPS = 28;
  /**
   * Blocks of the random DiT-XL/2-256 the suite runs when no model is given: every block costs the
   * same compute and bytes as in the full 28, so the ratio of the two is the real model's; 4 is the
   * fewest a 4-stage PipeFusion can split, and keeps the slowest link's fp16 runs near 2 minutes.
   */
  public static final int DEFAULT_BLOCKS = 4;

  public SuiteOptions {
    methods = List.copyOf(methods);
    links = List.copyOf(links);
    workerJvmOptions = List.copyOf(workerJvmOptions);
    skip = List.copyOf(skip);
    for (String s : skip) {
      int at = s.lastIndexOf('@');
      if (at < 1 || methods.stream().noneMatch(m -> m.name().equals(s.substring(0, at)))
          || links.stream().noneMatch(l -> l.name().equals(s.substring(at + 1)))) {
        throw new IllegalArgumentException("--skip " + s + ": name a METHOD@LINK of this suite, e.g. ring:fp16@10mbit");
      }
    }
    if (links.isEmpty() || links.stream().anyMatch(l -> !l.emulated())) {
      throw new IllegalArgumentException("the slow-network suite needs emulated links, e.g. --link 10mbit,100mbit,1gbit");
    }
    if (workers < 2) {
      throw new IllegalArgumentException("the slow-network suite needs 2 or more workers, got " + workers);
    }
  }
}
