package dev.compactfusion.cli;

import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.engine.launch.WorkerMain;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker}: join a parallel run started elsewhere with {@code generate --launcher remote}, serve it until rank 0 says stop, exit. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Join a parallel run as one of its workers, serve it, and exit.",
        "Start the run first with 'generate ... --launcher remote --listen HOST:PORT'; it prints this command."})
public final class WorkerCommand implements Callable<Integer> {
  @Mixin VerbosityOptions verbosity;

  @Option(names = "--join", required = true, paramLabel = "HOST:PORT", description = "Address of rank 0.")
  String join;

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
      throw new UsageException("worker needs the run's token: --token T (printed by 'generate --launcher remote')");
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
    WorkerMain.serve(join, t, Duration.ofMillis(Math.round(timeoutSeconds * 1000)), link);
    return 0;
  }
}
