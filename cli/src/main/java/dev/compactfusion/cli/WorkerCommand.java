package dev.compactfusion.cli;

import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.engine.cluster.Placement;
import dev.compactfusion.engine.launch.WorkerMain;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code worker}: join a parallel run started elsewhere with {@code generate --launcher remote}, or
 * (without {@code --join}) the rank 0 a cluster launcher started, serve it until rank 0 says stop, exit.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Join a parallel run as one of its workers, serve it, and exit.",
        "Start the run first with 'generate ... --launcher remote --listen HOST:PORT'; it prints this command.",
        "Without --join, under torchrun, mpirun or srun: join the rank 0 the environment names (rank 0 runs "
            + "'generate ... --launcher env'), retrying until it listens."})
public final class WorkerCommand implements Callable<Integer> {
  @Mixin VerbosityOptions verbosity;

  @Option(names = "--join", paramLabel = "HOST:PORT",
      description = "Address of rank 0 (default: from the cluster launcher's environment; see --master-addr).")
  String join;

  @Option(names = "--master-addr", paramLabel = "HOST",
      description = "Without --join: rank 0's host (default: COMPACTFUSION_MASTER_ADDR, MASTER_ADDR, the first Slurm "
          + "node, or 127.0.0.1 for mpirun on one host).")
  String masterAddr;

  @Option(names = "--master-port", paramLabel = "PORT",
      description = "Without --join: rank 0's port (default: COMPACTFUSION_MASTER_PORT, MASTER_PORT (torchrun: "
          + "MASTER_PORT + 1), or 29500).")
  Integer masterPort;

  @Option(names = "--token", paramLabel = "T",
      description = "The run's cluster token (default: the COMPACTFUSION_TOKEN environment variable).")
  String token;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "Bound of every wait on a peer (default: ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Option(names = "--link-bandwidth", paramLabel = "RATE", description = "Emulated bandwidth of this worker's links, e.g. 100mbit.")
  String linkBandwidth;

  @Option(names = "--link-latency", paramLabel = "DELAY", description = "Emulated one-way latency of this worker's links, e.g. 5ms.")
  String linkLatency;

  @Option(names = "--link-model", paramLabel = "MODEL",
      description = "Which traffic shares an emulated wire: nic (this worker's interface, default) or pair.")
  String linkModel;

  @Override
  public Integer call() {
    String t = token != null ? token : System.getenv(WorkerMain.TOKEN_ENV);
    if (t == null || t.isBlank()) {
      throw new UsageException("worker needs the run's token: --token T (printed by 'generate --launcher remote'), or "
          + WorkerMain.TOKEN_ENV + " in the environment");
    }
    if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
      throw new UsageException("--timeout must be between 0 and 86400 seconds, got " + timeoutSeconds);
    }
    LinkSpec link;
    try {
      link = LinkSpec.parse(linkBandwidth, linkLatency, linkModel);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Duration timeout = Duration.ofMillis(Math.round(timeoutSeconds * 1000));
    if (join != null) {
      if (masterAddr != null || masterPort != null) {
        throw new UsageException("--join names rank 0 already; drop --master-addr/--master-port");
      }
      WorkerMain.serve(join, t, timeout, link);
      return 0;
    }
    Placement p = SchedulerPlacement.detect(masterAddr, masterPort, "worker without --join");
    if (p.rankZero()) {
      throw new UsageException(p.describe() + " is rank 0, which runs the job: start 'generate ... --launcher env' "
          + "there (or the same command on every rank), and 'worker' on the others");
    }
    WorkerMain.serveWhenReachable(p.joinAddress(), t, timeout, link);
    return 0;
  }
}
