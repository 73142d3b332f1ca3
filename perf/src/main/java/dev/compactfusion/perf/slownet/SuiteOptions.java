package dev.compactfusion.perf.slownet;

import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MethodSpec;
import java.util.List;

/**
 * The slow-network suite's matrix: the bench settings (procs launcher), the methods, the emulated
 * links and who shapes them, and the worker count.
 */
public record SuiteOptions(BenchSettings settings, List<MethodSpec> methods, List<LinkSetting> links, int workers,
    Shaping shaping, List<String> workerJvmOptions) {

  /** What the suite runs when not told otherwise (issue 7): uncompressed SP, patch, DistriFusion, CompactFusion. */
  public static final List<String> DEFAULT_METHODS =
      List.of("ring", "ulysses", "patch", "distrifusion", "compact:1bit", "compact:2bit", "compact:lowrank:8");
  public static final List<String> DEFAULT_LINKS = List.of("10mbit", "100mbit", "1gbit");
  public static final String DEFAULT_MODEL = "shapes-video";
  public static final int DEFAULT_STEPS = 8;

  public SuiteOptions {
    methods = List.copyOf(methods);
    links = List.copyOf(links);
    workerJvmOptions = List.copyOf(workerJvmOptions);
    if (links.isEmpty() || links.stream().anyMatch(l -> !l.emulated())) {
      throw new IllegalArgumentException("the slow-network suite needs emulated links, e.g. --link 10mbit,100mbit,1gbit");
    }
    if (workers < 2) {
      throw new IllegalArgumentException("the slow-network suite needs 2 or more workers, got " + workers);
    }
    if (methods.stream().anyMatch(MethodSpec::serial)) {
      throw new IllegalArgumentException("serial sends nothing over a link: leave it out of the slow-network suite");
    }
  }
}
