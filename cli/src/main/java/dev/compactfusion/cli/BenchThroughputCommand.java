package dev.compactfusion.cli;

import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.EngineCaseRunner;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MachineInfo;
import dev.compactfusion.perf.bench.MatrixBench;
import dev.compactfusion.perf.bench.MethodSpec;
import dev.compactfusion.perf.bench.server.ServerLoad;
import dev.compactfusion.perf.bench.server.ServerLoadReport;
import dev.compactfusion.perf.bench.server.ServerLoadResults;
import dev.compactfusion.perf.bench.server.ServerLoadSettings;
import dev.compactfusion.perf.bench.throughput.ThroughputBench;
import dev.compactfusion.perf.bench.throughput.ThroughputReport;
import dev.compactfusion.perf.bench.throughput.ThroughputResults;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code bench throughput}: images per minute of one-worker replicas against each N-way method,
 * or, with {@code --server}, of a running {@code serve} under a closed-loop load of C clients.
 */
@Command(
    name = "throughput",
    mixinStandardHelpOptions = true,
    defaultValueProvider = BenchDefaults.Engine.class,
    description = {
        "Images per minute serving --requests requests: --workers one-worker replicas (data parallel) vs each "
            + "--workers-way method; writes throughput.csv, throughput.md and a chart to --out.",
        "With --server URL: --clients concurrent clients send --requests requests to a running 'compactfusion serve' "
            + "(closed loop) and report images/min and p50/p95/p99 latency; writes server-throughput.* to --out."},
    footer = {"", BenchCommand.METHODS_HELP, "",
        "Example:",
        "  ./compactfusion bench throughput --requests 8 --workers 2 --methods ulysses,compact:1bit",
        "  ./compactfusion bench throughput --server http://127.0.0.1:8080 --clients 4 --requests 32"})
final class BenchThroughputCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--methods", split = ",", defaultValue = "patch,ulysses,compact:1bit",
      description = "Methods, comma-separated; serial runs as the data-parallel replicas (default: ${DEFAULT-VALUE}).")
  List<String> methods;

  @Option(names = "--workers", defaultValue = "4", description = "Worker count (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--requests", defaultValue = "8",
      description = "Requests served by each mode (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--out", description = "Output directory (default: bench-throughput-<timestamp>).")
  Path out;

  @Option(names = "--server", paramLabel = "URL",
      description = "Load a running 'compactfusion serve' at URL (e.g. http://127.0.0.1:8080) instead of starting workers.")
  String server;

  @Option(names = "--clients", paramLabel = "C",
      description = "--server: concurrent clients, each sending its next request when its last is answered (default: 4).")
  Integer clients;

  @Option(names = "--token", paramLabel = "T", description = "--server: the server's bearer token (serve --token).")
  String token;

  @Mixin BenchRunOptions run;
  @Mixin VerbosityOptions verbosity;

  @Override
  public Integer call() {
    if (server != null) {
      return loadServer();
    }
    if (clients != null || token != null) {
      throw new UsageException((clients != null ? "--clients" : "--token") + " is for a load against a server: add "
          + "--server URL");
    }
    BenchRuns.requireWorkers(List.of(workers));
    Path dir = BenchRuns.outDir(out, "bench-throughput-");
    BenchSettings settings = run.settings();
    List<MethodSpec> specs = MethodSpec.parseAll(methods);
    List<String> jvmOptions = run.jvmOptions();
    EngineCaseRunner runner = new EngineCaseRunner(settings, jvmOptions);
    BenchRuns.check(MatrixBench.cases(specs.stream().filter(m -> !m.serial()).toList(), List.of(workers),
        List.of(LinkSetting.NONE)), settings, runner);
    if (requests < 1) {
      throw new UsageException("--requests must be at least 1, got " + requests);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    ThroughputResults results = new ThroughputBench(settings, jvmOptions, stdout)
        .run(specs, workers, requests, MachineInfo.describe());
    return BenchRuns.finish(dir, ThroughputReport.write(dir, results), ThroughputReport.markdown(results), stdout);
  }

  /** The options that say how to start workers mean nothing against a server that has its own. */
  private static final List<String> NOT_FOR_SERVER = List.of("--methods", "--workers", "--model", "--launcher",
      "--warmup-steps", "--warmup-runs", "--runs", "--guidance", "--worker-jvm-option", "--torch-threads");

  private Integer loadServer() {
    ParseResult parsed = spec.commandLine().getParseResult();
    for (String option : NOT_FOR_SERVER) {
      if (parsed.hasMatchedOption(option)) {
        throw new UsageException(option + " configures workers this command starts; with --server the server's "
            + "own options hold (set them on 'serve'), so drop " + option);
      }
    }
    if (requests < 1) {
      throw new UsageException("--requests must be at least 1, got " + requests);
    }
    ServerLoadSettings settings;
    try {
      settings = new ServerLoadSettings(URI.create(server), clients == null ? 4 : clients, requests, run.prompt,
          run.seed, parsed.hasMatchedOption("--steps") ? run.steps : null, token, Duration.ofSeconds(run.timeoutSeconds));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Path dir = BenchRuns.outDir(out, "bench-server-");
    PrintWriter stdout = spec.commandLine().getOut();
    ServerLoadResults results = new ServerLoad(settings, stdout).run();
    return BenchRuns.finish(dir, ServerLoadReport.write(dir, results), ServerLoadReport.markdown(results), stdout);
  }
}
