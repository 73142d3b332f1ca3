package dev.compactfusion.cli;

import dev.compactfusion.engine.cluster.Placement;
import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.launch.CommKind;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.engine.launch.TorchThreads;
import dev.compactfusion.engine.launch.WorkerMain;
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
      description = "threads (one JVM), procs (child JVMs over tcp), remote (workers started by hand with 'worker --join') "
          + "or env (every rank started by torchrun, mpirun or srun with this same command line; see docs/cluster-launch.md)"
          + " (default: threads).")
  String launcher;

  @Option(names = "--master-addr", paramLabel = "HOST",
      description = "--launcher env: rank 0's host as the other ranks reach it (default: COMPACTFUSION_MASTER_ADDR, "
          + "MASTER_ADDR, the first Slurm node, or 127.0.0.1 for mpirun on one host).")
  String masterAddr;

  @Option(names = "--master-port", paramLabel = "PORT",
      description = "--launcher env: the port rank 0 listens on (default: COMPACTFUSION_MASTER_PORT, MASTER_PORT "
          + "(torchrun: MASTER_PORT + 1), or 29500).")
  Integer masterPort;

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

  /** Read once from the environment, when {@code --launcher env} first needs it. */
  private Placement placement;

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
    if (fromEnvironment()) {
      Placement p = placement();
      if (workers != null && workers != p.worldSize()) {
        throw new UsageException("--workers " + workers + " but " + p.scheduler().label() + " started " + p.worldSize()
            + " processes; drop --workers (--launcher env takes the world size) or start " + workers + " ranks");
      }
      n = p.worldSize();
    }
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
    addIfGiven(given, "--master-addr", masterAddr);
    addIfGiven(given, "--master-port", masterPort);
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
    String host = address.substring(0, colon);
    String token = cluster.token();
    if (kind == LauncherKind.ENV) {
      if (cluster.listenGiven()) {
        throw new UsageException("--listen " + address + ": with --launcher env rank 0 listens on the master port; "
            + "use --master-port (or COMPACTFUSION_MASTER_PORT) instead");
      }
      host = placement().bindHost();
      port = placement().masterPort();
      token = clusterToken(token);
    } else if (masterAddr != null || masterPort != null) {
      throw new UsageException("--master-addr and --master-port are for --launcher env; with --launcher "
          + kind.cliName() + " use --listen HOST:PORT");
    }
    return new LaunchOptions(kind,
        comm == null ? null : CommKind.parse(comm), Duration.ofMillis(Math.round(timeoutSeconds * 1000)),
        linkBandwidth, linkLatency, host, port, token, jvmOptions(kind, poolsHere), linkModel);
  }

  /** Whether the ranks come from a cluster launcher ({@code --launcher env}). */
  boolean fromEnvironment() {
    return launcher != null && LauncherKind.parse(launcher) == LauncherKind.ENV;
  }

  /**
   * This process's place in the job the cluster launcher started ({@code --launcher env} only).
   *
   * @throws UsageException when no launcher's variables are set, or they are malformed
   */
  Placement placement() {
    if (placement == null) {
      placement = SchedulerPlacement.detect(masterAddr, masterPort, "--launcher env");
    }
    return placement;
  }

  /**
   * For a rank other than 0 under {@code --launcher env}: joins rank 0 (retrying until it listens),
   * serves its jobs until it says stop, and returns the exit code. Rank 0 alone writes output.
   */
  int serveAsScheduledWorker(LaunchOptions launch) {
    Placement p = placement();
    WorkerMain.serveWhenReachable(p.joinAddress(), launch.token(), launch.timeout(), launch.link());
    System.err.println(p.describe() + ": served rank 0 at " + p.joinAddress() + " as a worker");
    return 0;
  }

  /** Every rank must hold the same token, so under a cluster launcher it cannot be made up here. */
  private static String clusterToken(String given) {
    String token = given != null ? given : System.getenv(WorkerMain.TOKEN_ENV);
    if (token == null || token.isBlank()) {
      throw new UsageException("--launcher env: every rank must present the same cluster token; export "
          + WorkerMain.TOKEN_ENV + "=<8+ characters> before starting the job (mpirun: add -x " + WorkerMain.TOKEN_ENV
          + ")");
    }
    return token;
  }

  /**
   * Sets this JVM's PyTorch threads and returns the spawned workers' JVM options: the thread
   * counts first, then the user's (which may override them).
   */
  private List<String> jvmOptions(LauncherKind kind, int poolsHere) {
    // Remote workers run elsewhere and choose their own; here runs rank 0 alone. Under a cluster
    // launcher every rank sets its own threads from the ranks on its host.
    int here = kind == LauncherKind.ENV ? placement().localSize()
        : (kind == LauncherKind.REMOTE || workers == null ? 1 : workers) * poolsHere;
    return TorchThreads.workerJvmOptions(
        torchThreads != null ? torchThreads : TorchThreads.perWorkerDefault(here), workerJvmOptions);
  }
}
