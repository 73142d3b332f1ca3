package dev.compactfusion.engine.launch;

import java.util.Locale;

/** How the workers other than rank 0 come to exist. */
public enum LauncherKind {
  /** Threads of this JVM. */
  THREADS,
  /** Child JVMs on this machine, joined over tcp, reaped when the run ends. */
  PROCS,
  /** Workers started by hand ({@code ./compactfusion worker --join HOST:PORT --token T}). */
  REMOTE,
  /**
   * Every rank started by a cluster launcher (torchrun, mpirun, srun) with the same command line;
   * rank 0 runs the job and listens where the environment says, the others join it as workers.
   */
  ENV;

  public static LauncherKind parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown --launcher '" + s + "'; known: threads, procs, remote, env");
    }
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
