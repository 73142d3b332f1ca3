package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.tcp.TcpCoordinator;
import dev.compactfusion.comms.transport.Communicator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Workers as child JVMs on this machine ({@link WorkerMain} on this JVM's class path), joined over
 * tcp loopback. Children are reaped on every path: when the run closes the pool, when starting
 * fails, and from a shutdown hook if this JVM is interrupted. A child that exits early is
 * reported by rank and pid with the last line it wrote.
 */
public final class ProcessLauncher {
  private ProcessLauncher() {}

  public static WorkerPool start(int workers, LaunchOptions options) {
    TcpCoordinator coordinator = TcpWorld.coordinator(workers, options);
    Children children = new Children();
    Thread reaper = new Thread(children::reap, "compactfusion-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      children.onEarlyExit(coordinator::close);
      for (int r = 1; r < workers; r++) {
        children.spawn(command(coordinator, options), coordinator.token());
      }
      Communicator world = coordinator.awaitMembers();
      children.onEarlyExit(world::close);
      Hello[] hellos = Hello.exchange(world);
      return children.pool(world, hellos, reaper);
    } catch (RuntimeException e) {
      // Explained before the reap: once reaping, the launcher no longer records exits.
      RuntimeException explained = children.explain(e);
      coordinator.close();
      children.reap();
      Runtime.getRuntime().removeShutdownHook(reaper);
      throw explained;
    }
  }

  private static List<String> command(TcpCoordinator coordinator, LaunchOptions options) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The Vector API module carries the CPU codecs' fast loops, as in ./compactfusion.
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.addAll(options.workerJvmOptions());
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-Xss4m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(WorkerMain.class.getName());
    cmd.add("--join");
    cmd.add(coordinator.host() + ":" + coordinator.port());
    cmd.add("--timeout-ms");
    cmd.add(Long.toString(options.timeout().toMillis()));
    cmd.addAll(options.workerLinkArgs());
    return cmd;
  }

  /** How long a start-up failure waits for a child's exit to be recorded (well inside the 2 s a known exit may take). */
  private static final Duration EXIT_REPORT_GRACE = Duration.ofMillis(500);

  /** The spawned JVMs, their logs, and what happened to them. */
  private static final class Children {
    private final List<Process> processes = new ArrayList<>();
    private final Map<Long, Path> logs = new ConcurrentHashMap<>();
    private final Failures failures = new Failures();
    private volatile Map<Long, Integer> rankByPid = Map.of();
    private volatile boolean closing;
    private volatile Runnable earlyExit = () -> {};

    synchronized void spawn(List<String> command, String token) {
      try {
        Path log = Files.createTempFile("compactfusion-worker-", ".log");
        log.toFile().deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(WorkerMain.TOKEN_ENV, token);
        Process p = pb.start();
        processes.add(p);
        logs.put(p.pid(), log);
        p.onExit().thenAccept(this::exited);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start a worker JVM: " + e.getMessage(), e);
      }
    }

    /**
     * What to close when a child exits early: the coordinator while workers join, then the world.
     * A child that already died before the switch closes the new target at once.
     */
    void onEarlyExit(Runnable action) {
      earlyExit = action;
      if (failures.rootCause().isPresent()) {
        action.run();
      }
    }

    private void exited(Process p) {
      if (closing || p.exitValue() == 0) {
        return;
      }
      int rank = rankByPid.getOrDefault(p.pid(), -1);
      String what = "exited with code " + p.exitValue() + describeSignal(p.exitValue()) + lastError(p.pid());
      failures.record(new Failures.Failure(rank, rank >= 0
          ? "process " + what
          : "worker process (pid " + p.pid() + ") " + what + " while the workers were starting",
          p.exitValue() == WorkerMain.PEER_FAILED ? blamedPeer(p.pid()) : -1));
      earlyExit.run();
    }

    private static String describeSignal(int code) {
      return code > 128 ? " (killed by signal " + (code - 128) + ")" : "";
    }

    private List<String> log(long pid) {
      Path log = logs.get(pid);
      try {
        return log == null ? List.of() : Files.readAllLines(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return List.of();
      }
    }

    /** The worker's own one-line error, if it wrote one (a killed worker writes none). */
    private String lastError(long pid) {
      List<String> lines = log(pid);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (lines.get(i).startsWith("error: ")) {
          return ": " + lines.get(i).substring(7);
        }
      }
      return "";
    }

    private int blamedPeer(long pid) {
      for (String line : log(pid)) {
        if (line.startsWith(WorkerMain.BLAMED_PREFIX)) {
          return Integer.parseInt(line.substring(WorkerMain.BLAMED_PREFIX.length()).strip());
        }
      }
      return -1;
    }

    /** A start-up failure explained by a child that died, if one did. */
    RuntimeException explain(RuntimeException e) {
      // A lost connection during start-up is most often a child that died, and its exit is seen a
      // moment after the connection closes: wait for it so the error names its pid and exit code.
      return failures.rootCause(EXIT_REPORT_GRACE)
          .<RuntimeException>map(f -> new IllegalStateException(f.message(), e))
          .orElse(e);
    }

    WorkerPool pool(Communicator world, Hello[] hellos, Thread reaper) {
      Map<Long, Integer> ranks = new ConcurrentHashMap<>();
      for (int r = 1; r < hellos.length; r++) {
        ranks.put(hellos[r].pid(), r);
      }
      rankByPid = ranks;
      earlyExit = world::close;
      return new WorkerPool() {
        @Override
        public Communicator rankZero() {
          return world;
        }

        @Override
        public String describe(int rank) {
          return rank > 0 && rank < hellos.length
              ? "worker " + rank + " (pid " + hellos[rank].pid() + ")"
              : rank == 0 ? "worker 0 (the scheduler)" : "a worker process";
        }

        @Override
        public Failures failures() {
          return failures;
        }

        @Override
        public void close() {
          closing = true;
          world.close();
          reap();
          Runtime.getRuntime().removeShutdownHook(reaper);
        }
      };
    }

    /**
     * Gives children a moment to finish on their own, then terminates and finally kills them. After a
     * failure there is nothing to finish: the others are terminated at once, so the run ends within
     * moments of the exit that caused it.
     */
    void reap() {
      closing = true;
      List<Process> all;
      synchronized (this) {
        all = List.copyOf(processes);
      }
      if (failures.rootCause().isEmpty()) {
        waitAll(all, 2000);
      }
      all.stream().filter(Process::isAlive).forEach(Process::destroy);
      waitAll(all, 2000);
      all.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
      waitAll(all, 5000);
      logs.values().forEach(l -> l.toFile().delete());
    }

    private static void waitAll(List<Process> all, long millis) {
      long deadline = System.nanoTime() + millis * 1_000_000;
      for (Process p : all) {
        try {
          p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
