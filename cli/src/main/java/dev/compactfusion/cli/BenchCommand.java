package dev.compactfusion.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bench}: method latencies, measured on this machine ({@code matrix}, {@code suite},
 * {@code throughput}) or predicted by the cost model for GPU machines this project cannot run on
 * ({@code simulate}). Each is its own subcommand with only its own options; all print tables of
 * the same shape, headed MEASURED or MODELLED.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Compare parallel methods' latency: measured here (matrix, suite, throughput) or modelled "
            + "for GPU machines (simulate). 'compactfusion bench COMMAND --help' explains each command's options."},
    commandListHeading = "%nCommands:%n",
    footer = {
        "",
        "Examples:",
        "  ./compactfusion bench matrix --methods serial,patch,ulysses,compact:1bit --workers 2,4 --runs 3",
        "  ./compactfusion bench matrix --launcher procs --link none,1gbit,100mbit --methods ring,compact:1bit",
        "  ./compactfusion bench throughput --requests 8 --workers 2 --methods ulysses,compact:1bit",
        "  ./compactfusion bench suite --out perf/results/slow-network",
        "  ./compactfusion bench simulate --hardware all"},
    subcommands = {
        BenchMatrixCommand.class,
        BenchSuiteCommand.class,
        BenchThroughputCommand.class,
        BenchSimulateCommand.class})
public final class BenchCommand implements Callable<Integer> {
  /** The method spellings the real-run benches accept, for their help footers. */
  static final String METHODS_HELP = "Methods: serial, patch, distrifusion, ulysses, ring, usp, compact:CODEC "
      + "(CompactFusion: compressed patch all-gather, e.g. compact:1bit, compact:2bit, compact:lowrank:8), "
      + "STRATEGY:CODEC (ring:1bit, ulysses:2bit, compact-async:1bit).";

  @Mixin VerbosityOptions verbosity;

  @Override
  public Integer call() {
    throw new UsageException("no bench command given; choose matrix, suite, throughput or simulate "
        + "(see 'compactfusion bench --help')");
  }
}
