package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.link.LinkModel;
import dev.compactfusion.comms.link.LinkSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to bring up the workers of a run and connect them.
 *
 * @param comm null picks the launcher's natural backend (local for threads, tcp otherwise)
 * @param timeout bound of every wait on a peer; a dead or stalled worker ends the run within it
 * @param linkBandwidth emulated per-link bandwidth for tcp (e.g. "100mbit"), or null
 * @param linkLatency emulated one-way latency for tcp (e.g. "5ms"), or null
 * @param listenHost address rank 0 listens on for tcp (127.0.0.1 for procs)
 * @param listenPort port rank 0 listens on (0: any free port)
 * @param token cluster token joining workers must present; null: a fresh random one
 * @param workerJvmOptions extra JVM options for spawned workers (e.g. "-Xmx2g")
 * @param linkModel which traffic shares an emulated wire: "nic" (null: the default), "pair" or
 *     "shared" (see {@link LinkModel})
 */
public record LaunchOptions(
    LauncherKind launcher,
    CommKind comm,
    Duration timeout,
    String linkBandwidth,
    String linkLatency,
    String listenHost,
    int listenPort,
    String token,
    List<String> workerJvmOptions,
    String linkModel) {

  public LaunchOptions {
    if (launcher == null) {
      launcher = LauncherKind.THREADS;
    }
    if (comm == null) {
      comm = launcher == LauncherKind.THREADS ? CommKind.LOCAL : CommKind.TCP;
    }
    if (comm == CommKind.LOCAL && launcher != LauncherKind.THREADS) {
      throw new IllegalArgumentException("--comm local connects threads of one JVM; --launcher "
          + launcher.cliName() + " needs --comm tcp");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--timeout must be positive, got " + timeout);
    }
    if ((linkBandwidth != null || linkLatency != null) && comm != CommKind.TCP) {
      throw new IllegalArgumentException("--link-bandwidth and --link-latency shape tcp links; add --comm tcp");
    }
    if (listenHost == null || listenHost.isBlank()) {
      listenHost = "127.0.0.1";
    }
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("--listen port must be 0..65535, got " + listenPort);
    }
    workerJvmOptions = workerJvmOptions == null ? List.of() : List.copyOf(workerJvmOptions);
    if (linkModel != null && linkBandwidth == null && linkLatency == null) {
      throw new IllegalArgumentException("--link-model says how emulated links are shared; give --link-bandwidth too");
    }
    if (LinkModel.parse(linkModel) == LinkModel.SHARED && launcher != LauncherKind.THREADS) {
      throw new IllegalArgumentException("--link-model shared emulates one medium inside one JVM: use --launcher "
          + "threads --comm tcp (for separate processes, shape a real shared link with the namespace + tbf suite)");
    }
  }

  /** Options with the default link model ({@code nic}). */
  public LaunchOptions(LauncherKind launcher, CommKind comm, Duration timeout, String linkBandwidth,
      String linkLatency, String listenHost, int listenPort, String token, List<String> workerJvmOptions) {
    this(launcher, comm, timeout, linkBandwidth, linkLatency, listenHost, listenPort, token, workerJvmOptions, null);
  }

  /** The link options a joining worker needs, as its command line spells them (none when not given). */
  public List<String> workerLinkArgs() {
    List<String> args = new ArrayList<>();
    addIfGiven(args, "--link-bandwidth", linkBandwidth);
    addIfGiven(args, "--link-latency", linkLatency);
    addIfGiven(args, "--link-model", linkModel);
    return args;
  }

  private static void addIfGiven(List<String> args, String option, String value) {
    if (value != null) {
      args.add(option);
      args.add(value);
    }
  }

  /** The emulated link every tcp connection of the run is shaped by. */
  public LinkSpec link() {
    return LinkSpec.parse(linkBandwidth, linkLatency, linkModel);
  }

  /** Threads over the local communicator with the given timeout: the quick default. */
  public static LaunchOptions threads(Duration timeout) {
    return new LaunchOptions(LauncherKind.THREADS, CommKind.LOCAL, timeout, null, null, null, 0, null, null);
  }

  /** Child JVMs on this machine over tcp loopback. */
  public static LaunchOptions procs(Duration timeout) {
    return new LaunchOptions(LauncherKind.PROCS, CommKind.TCP, timeout, null, null, null, 0, null, null);
  }
}
