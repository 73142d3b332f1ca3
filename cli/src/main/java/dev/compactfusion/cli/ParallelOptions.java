package dev.compactfusion.cli;

import dev.compactfusion.engine.launch.CommKind;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.exchange.Strategy;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How {@code generate} splits the work, in the spirit of xDiT's options: the strategy and its
 * degrees, cfg parallelism, residual compression, and how workers are launched and connected.
 * Without any of these options {@code generate} runs the plain serial generator.
 */
public final class ParallelOptions {
  @Option(names = "--parallel", paramLabel = "STRATEGY",
      description = "serial, patch, distrifusion, compact-async, ulysses, ring or usp.")
  String strategy;

  @Option(names = "--workers", paramLabel = "N", description = "Workers in total (with --cfg-parallel: 2 x the sequence-parallel degree). Default: 1.")
  Integer workers;

  @Option(names = "--ulysses-degree", paramLabel = "U", defaultValue = "0",
      description = "Ulysses degree (usp: U x R = workers per branch). Default: derived from the strategy.")
  int ulyssesDegree;

  @Option(names = "--ring-degree", paramLabel = "R", defaultValue = "0",
      description = "Ring degree (usp: U x R = workers per branch). Default: derived from the strategy.")
  int ringDegree;

  @Option(names = "--cfg-parallel",
      description = "Run the conditional and unconditional branch on separate halves of the workers.")
  boolean cfgParallel;

  @Option(names = "--compress", paramLabel = "CODEC", defaultValue = "none",
      description = "Residual codec for the exchanges: none, fp16, int8, int4, 2bit, 1bit, lowrank:R, lowrankq:R, topk:F (default: ${DEFAULT-VALUE}).")
  String codec;

  @Option(names = "--residual", paramLabel = "MODE", defaultValue = "ef",
      description = "ef (error feedback), noef or naive (default: ${DEFAULT-VALUE}).")
  String residual;

  @Option(names = "--warmup", paramLabel = "K", defaultValue = "1",
      description = "First K steps exchange raw activations (and run synchronously for distrifusion/compact-async) (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--launcher", paramLabel = "KIND", defaultValue = "threads",
      description = "threads (one JVM), procs (child JVMs over tcp) or remote (workers started by hand with 'worker --join') (default: ${DEFAULT-VALUE}).")
  String launcher;

  @Option(names = "--comm", paramLabel = "BACKEND",
      description = "local (threads only), tcp or nccl. Default: local for threads, tcp otherwise.")
  String comm;

  @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--link-bandwidth", paramLabel = "RATE", description = "Emulated per-link bandwidth over tcp, e.g. 100mbit, 1gbit.")
  String linkBandwidth;

  @Option(names = "--link-latency", paramLabel = "DELAY", description = "Emulated one-way latency over tcp, e.g. 5ms.")
  String linkLatency;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "A worker that dies or stalls ends the run within this many seconds (default: ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
      description = "Where rank 0 listens for tcp workers (port 0: any free port) (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--token", paramLabel = "T", description = "Cluster token remote workers must present (default: a fresh random one).")
  String token;

  @Option(names = "--worker-jvm-option", paramLabel = "OPT", description = "Extra JVM option for spawned workers (repeatable), e.g. -Xmx2g.")
  List<String> workerJvmOptions;

  /** Whether any parallel option was given (otherwise generate runs the plain serial generator). */
  public boolean requested() {
    return strategy != null || (workers != null && workers > 1) || cfgParallel;
  }

  public ParallelPlan plan() {
    int n = workers == null ? (cfgParallel ? 2 : 1) : workers;
    return ParallelPlan.of(Strategy.parse(strategy == null ? "serial" : strategy), n, ulyssesDegree, ringDegree, cfgParallel, ParallelPlan.Compression.parse(codec, residual, warmup));
  }

  public LaunchOptions launch() {
    if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
      throw new UsageException("--timeout must be between 0 and 86400 seconds, got " + timeoutSeconds);
    }
    int colon = listen.lastIndexOf(':');
    if (colon <= 0) {
      throw new UsageException("--listen needs HOST:PORT, got '" + listen + "'");
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UsageException("--listen needs a numeric port, got '" + listen + "'");
    }
    return new LaunchOptions(LauncherKind.parse(launcher), comm == null ? null : CommKind.parse(comm),
        Duration.ofMillis(Math.round(timeoutSeconds * 1000)), linkBandwidth, linkLatency,
        listen.substring(0, colon), port, token, workerJvmOptions);
  }

  public String device() {
    return device;
  }
}
