package dev.compactfusion.cli;

import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.launch.CommKind;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.engine.launch.TorchThreads;
import dev.compactfusion.engine.plan.Device;
import dev.compactfusion.engine.plan.ParallelPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How {@code generate} splits the work, in the spirit of xDiT's options: the strategy and its
 * degrees, cfg parallelism, residual compression, the device, and how workers are launched and
 * connected. Without {@code --parallel} the run is a one-worker serial plan on the same runtime,
 * and the options that only mean something to a parallel run are refused rather than ignored:
 * every such field is null unless the user gave it. Where rank 0 listens for workers is
 * {@link ClusterOptions} ({@code generate} only).
 */
public final class ParallelOptions {
  @Option(names = "--parallel", paramLabel = "STRATEGY",
      description = "serial, patch, distrifusion, compact-async, ulysses, ring, usp or pipefusion (default: serial, one worker).")
  String strategy;

  @Option(names = "--workers", paramLabel = "N", description = "Workers in total (with --cfg-parallel: 2 x the sequence-parallel degree). Default: 1.")
  Integer workers;

  @Option(names = "--ulysses-degree", paramLabel = "U",
      description = "Ulysses degree (usp: U x R = workers per branch). Default: derived from the strategy.")
  Integer ulyssesDegree;

  @Option(names = "--ring-degree", paramLabel = "R",
      description = "Ring degree (usp: U x R = workers per branch). Default: derived from the strategy.")
  Integer ringDegree;

  @Option(names = "--pipefusion-patches", paramLabel = "M",
      description = "pipefusion: token patches flowing through the stages each step (default: one per worker; 1: exact).")
  Integer pipefusionPatches;

  @Option(names = "--cfg-parallel",
      description = "Run the conditional and unconditional branch on separate halves of the workers.")
  Boolean cfgParallel;

  @Option(names = "--compress", paramLabel = "CODEC",
      description = "Residual codec for the exchanges: none, fp16, int8, int4, 2bit, 1bit, lowrank:R, lowrankq:R, topk:F (default: none).")
  String codec;

  @Option(names = "--residual", paramLabel = "MODE", description = "ef (error feedback), noef or naive (default: ef).")
  String residual;

  @Option(names = "--warmup", paramLabel = "K",
      description = "First K steps exchange raw activations (and run synchronously for distrifusion/compact-async/pipefusion) (default: 1).")
  Integer warmup;

  @Option(names = "--launcher", paramLabel = "KIND",
      description = "threads (one JVM), procs (child JVMs over tcp) or remote (workers started by hand with 'worker --join') (default: threads).")
  String launcher;

  @Option(names = "--comm", paramLabel = "BACKEND",
      description = "local (threads only), tcp or nccl. Default: local for threads, tcp otherwise.")
  String comm;

  @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
      description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}); a missing GPU fails the run.")
  String device;

  @Option(names = "--link-bandwidth", paramLabel = "RATE",
      description = "Emulated bandwidth over tcp, e.g. 10mbit, 1gbit: each worker's network interface (see --link-model).")
  String linkBandwidth;

  @Option(names = "--link-latency", paramLabel = "DELAY", description = "Emulated one-way latency over tcp, e.g. 5ms.")
  String linkLatency;

  @Option(names = "--link-model", paramLabel = "MODEL", description = {
      "Which traffic shares an emulated wire: nic (default: each worker's interface, egress and ingress each shared "
          + "by all its peers, as hosts on a switch), pair (a wire per pair of workers) or shared (one medium for "
          + "all traffic; threads launcher only)."})
  String linkModel;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "A worker that dies or stalls ends the run within this many seconds (default: ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Option(names = "--torch-threads", paramLabel = "N",
      description = "PyTorch intra-op threads per worker (default: the cores of this machine divided among the "
          + "workers that run on it, at least 1).")
  Integer torchThreads;

  @Option(names = "--worker-jvm-option", paramLabel = "OPT", description = "Extra JVM option for spawned workers (repeatable), e.g. -Xmx2g.")
  List<String> workerJvmOptions;

  /**
   * The plan the options describe: the one-worker serial plan without {@code --parallel}.
   *
   * @throws UsageException naming an option that only a parallel run uses, given without --parallel
   *     ({@code cluster}'s included)
   */
  public ParallelPlan plan(ClusterOptions cluster) {
    if (strategy == null) {
      refuseParallelOnlyOptions(cluster);
    }
    if (pipefusionPatches != null && pipefusionPatches < 1) {
      throw new UsageException("--pipefusion-patches must be at least 1, got " + pipefusionPatches);
    }
    boolean cfg = Boolean.TRUE.equals(cfgParallel);
    int n = workers == null ? (cfg ? 2 : 1) : workers;
    return new ParallelPlan(Strategy.parse(strategy == null ? Strategy.SERIAL.cliName() : strategy), n,
        new ParallelPlan.SequenceGroups(orZero(ulyssesDegree), orZero(ringDegree)), cfg,
        ParallelPlan.Compression.parse(codec, residual, warmup == null ? 1 : warmup), Device.parse(device),
        orZero(pipefusionPatches));
  }

  private void refuseParallelOnlyOptions(ClusterOptions cluster) {
    List<String> given = new ArrayList<>();
    if (workers != null && workers != 1) {
      given.add("--workers " + workers);
    }
    addIfGiven(given, "--ulysses-degree", ulyssesDegree);
    addIfGiven(given, "--ring-degree", ringDegree);
    addIfGiven(given, "--pipefusion-patches", pipefusionPatches);
    if (cfgParallel != null) {
      given.add("--cfg-parallel");
    }
    if (codec != null && !codec.strip().equalsIgnoreCase("none")) {
      given.add("--compress " + codec);
    }
    addIfGiven(given, "--residual", residual);
    addIfGiven(given, "--warmup", warmup);
    if (launcher != null && !launcher.strip().equalsIgnoreCase(LauncherKind.THREADS.cliName())) {
      given.add("--launcher " + launcher);
    }
    if (comm != null && !comm.strip().equalsIgnoreCase(CommKind.LOCAL.cliName())) {
      given.add("--comm " + comm);
    }
    addIfGiven(given, "--link-bandwidth", linkBandwidth);
    addIfGiven(given, "--link-latency", linkLatency);
    addIfGiven(given, "--link-model", linkModel);
    given.addAll(cluster.given());
    if (workerJvmOptions != null && !workerJvmOptions.isEmpty()) {
      given.add("--worker-jvm-option " + workerJvmOptions.get(0));
    }
    if (!given.isEmpty()) {
      String options = String.join(", ", given);
      throw new UsageException(options + (given.size() == 1 ? " needs" : " need") + " a parallel strategy: add "
          + "--parallel ring (or patch, ulysses, usp, distrifusion, compact-async, pipefusion; serial with --cfg-parallel "
          + "--workers 2)");
    }
  }

  private static void addIfGiven(List<String> given, String option, Object value) {
    if (value != null) {
      given.add(option + " " + value);
    }
  }

  private static int orZero(Integer degree) {
    return degree == null ? 0 : degree;
  }

  /**
   * How to launch the plan's workers; {@code poolsHere} plans run at once on this machine (serve's
   * pools), which the default PyTorch thread count shares the cores among.
   */
  public LaunchOptions launch(ClusterOptions cluster, int poolsHere) {
    if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
      throw new UsageException("--timeout must be between 0 and 86400 seconds, got " + timeoutSeconds);
    }
    String address = cluster.address();
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      throw new UsageException("--listen needs HOST:PORT, got '" + address + "'");
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UsageException("--listen needs a numeric port, got '" + address + "'");
    }
    LauncherKind kind = LauncherKind.parse(launcher == null ? LauncherKind.THREADS.cliName() : launcher);
    return new LaunchOptions(kind,
        comm == null ? null : CommKind.parse(comm), Duration.ofMillis(Math.round(timeoutSeconds * 1000)),
        linkBandwidth, linkLatency, address.substring(0, colon), port, cluster.token(), jvmOptions(kind, poolsHere), linkModel);
  }

  /**
   * Sets this JVM's PyTorch threads and returns the spawned workers' JVM options: the thread
   * counts first, then the user's (which may override them).
   */
  private List<String> jvmOptions(LauncherKind kind, int poolsHere) {
    // Remote workers run elsewhere and choose their own; here runs rank 0 alone.
    int here = (kind == LauncherKind.REMOTE || workers == null ? 1 : workers) * poolsHere;
    return TorchThreads.workerJvmOptions(
        torchThreads != null ? torchThreads : TorchThreads.perWorkerDefault(here), workerJvmOptions);
  }
}
