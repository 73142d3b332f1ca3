package dev.compactfusion.engine.cluster;

import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@link Placement} from the variables torchrun, Open MPI's mpirun or Slurm's srun set.
 * Tried in that order, because they nest: torchrun or mpirun inside a Slurm allocation also
 * inherit {@code SLURM_*}, and the innermost launcher's ranks are the real ones.
 *
 * <ul>
 *   <li>torchrun: {@code RANK}, {@code WORLD_SIZE}, {@code LOCAL_WORLD_SIZE}, {@code MASTER_ADDR},
 *       {@code MASTER_PORT}. Rank 0 listens on MASTER_PORT + 1: torchrun's agent may itself hold
 *       MASTER_PORT (its TCPStore).
 *   <li>mpirun: {@code OMPI_COMM_WORLD_RANK}, {@code OMPI_COMM_WORLD_SIZE},
 *       {@code OMPI_COMM_WORLD_LOCAL_SIZE}; it sets no master address, so a one-host job defaults
 *       to 127.0.0.1 and a job across hosts must name rank 0's host.
 *   <li>srun: {@code SLURM_PROCID}, {@code SLURM_NTASKS}, the first host of
 *       {@code SLURM_STEP_NODELIST} (else {@code SLURM_JOB_NODELIST}), {@code SLURM_NTASKS_PER_NODE}
 *       when it is a plain number.
 * </ul>
 *
 * <p>Rank 0's address and port can always be given: the command line's {@code --master-addr} /
 * {@code --master-port} first, then {@value #MASTER_ADDR_ENV} / {@value #MASTER_PORT_ENV}, then
 * {@code MASTER_ADDR} / {@code MASTER_PORT} (which Slurm scripts often export), then the defaults.
 */
public final class SchedulerEnv {
  public static final String MASTER_ADDR_ENV = "COMPACTFUSION_MASTER_ADDR";
  public static final String MASTER_PORT_ENV = "COMPACTFUSION_MASTER_PORT";
  /** Rank 0's port where the scheduler names none (torch's customary default). */
  public static final int DEFAULT_PORT = 29500;

  /** What the command line said about rank 0 (null: not given). */
  public record Overrides(String masterAddr, Integer masterPort) {
    public static final Overrides NONE = new Overrides(null, null);
  }

  private final Map<String, String> env;
  private final Overrides overrides;

  private SchedulerEnv(Map<String, String> env, Overrides overrides) {
    this.env = env;
    this.overrides = overrides == null ? Overrides.NONE : overrides;
  }

  /**
   * This process's placement, or empty when no known scheduler started it.
   *
   * @throws IllegalArgumentException one line naming the malformed or missing variable and the fix
   */
  public static Optional<Placement> detect(Map<String, String> env, Overrides overrides) {
    return new SchedulerEnv(env, overrides).detect();
  }

  /** The variables looked for, for the message when none is set. */
  public static String expected() {
    return "RANK/WORLD_SIZE (torchrun), OMPI_COMM_WORLD_RANK/OMPI_COMM_WORLD_SIZE (mpirun) or "
        + "SLURM_PROCID/SLURM_NTASKS (srun)";
  }

  private Optional<Placement> detect() {
    if (has("RANK") || has("WORLD_SIZE")) {
      return Optional.of(torchrun());
    }
    if (has("OMPI_COMM_WORLD_RANK") || has("OMPI_COMM_WORLD_SIZE")) {
      return Optional.of(openMpi());
    }
    if (has("SLURM_PROCID") || has("SLURM_NTASKS")) {
      return Optional.of(slurm());
    }
    return Optional.empty();
  }

  private Placement torchrun() {
    int rank = required("RANK", "torchrun");
    int size = required("WORLD_SIZE", "torchrun");
    int local = optional("LOCAL_WORLD_SIZE", 1);
    String addr = given("MASTER_ADDR");
    if (addr == null) {
      throw new IllegalArgumentException("MASTER_ADDR is not set though RANK is (torchrun sets both); "
          + "export MASTER_ADDR=<rank 0's host> or pass --master-addr");
    }
    Integer port = givenPort();
    if (port == null) {
      int torchPort = required("MASTER_PORT", "torchrun");
      port = torchPort + 1;
    }
    return place(Scheduler.TORCHRUN, "RANK", rank, size, local, addr, port);
  }

  private Placement openMpi() {
    int rank = required("OMPI_COMM_WORLD_RANK", "mpirun");
    int size = required("OMPI_COMM_WORLD_SIZE", "mpirun");
    int local = optional("OMPI_COMM_WORLD_LOCAL_SIZE", size);
    String addr = given("MASTER_ADDR");
    if (addr == null) {
      if (local < size) {
        throw new IllegalArgumentException("mpirun spreads " + size + " ranks over several hosts and names no "
            + "rank 0 address: export " + MASTER_ADDR_ENV + "=<rank 0's host> and pass it on with mpirun -x "
            + MASTER_ADDR_ENV + " (or --master-addr)");
      }
      addr = "127.0.0.1";
    }
    return place(Scheduler.OPEN_MPI, "OMPI_COMM_WORLD_RANK", rank, size, local, addr, portOr(DEFAULT_PORT));
  }

  private Placement slurm() {
    int rank = required("SLURM_PROCID", "srun");
    int size = required("SLURM_NTASKS", "srun");
    String perNode = env.get("SLURM_NTASKS_PER_NODE");
    int local = perNode != null && perNode.strip().matches("\\d{1,6}") ? Integer.parseInt(perNode.strip()) : 1;
    String addr = given("MASTER_ADDR");
    if (addr == null) {
      String variable = has("SLURM_STEP_NODELIST") ? "SLURM_STEP_NODELIST" : "SLURM_JOB_NODELIST";
      String list = env.get(variable);
      if (list == null || list.isBlank()) {
        throw new IllegalArgumentException("SLURM_PROCID is set but neither SLURM_STEP_NODELIST nor "
            + "SLURM_JOB_NODELIST is; start the ranks with srun, or export " + MASTER_ADDR_ENV + "=<rank 0's host>");
      }
      try {
        addr = Nodelist.first(list);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(variable + "='" + list + "' is not a Slurm node list ("
            + e.getMessage() + "); export " + MASTER_ADDR_ENV + "=<rank 0's host> to bypass it");
      }
    }
    return place(Scheduler.SLURM, "SLURM_PROCID", rank, size, local, addr, portOr(DEFAULT_PORT));
  }

  private Placement place(Scheduler s, String rankVariable, int rank, int size, int local, String addr, int port) {
    if (size < 1 || rank < 0 || rank >= size) {
      throw new IllegalArgumentException(rankVariable + "=" + rank + " is outside the world of " + size
          + " processes; start the command through " + s.label() + " itself, not with these variables copied");
    }
    return new Placement(s, rank, size, Math.max(1, Math.min(local, size)), addr, port);
  }

  /** The master address from the command line or the environment, in that order; null if none. */
  private String given(String schedulerVariable) {
    if (overrides.masterAddr() != null) {
      return overrides.masterAddr();
    }
    String ours = env.get(MASTER_ADDR_ENV);
    if (ours != null && !ours.isBlank()) {
      return ours.strip();
    }
    String theirs = env.get(schedulerVariable);
    return theirs == null || theirs.isBlank() ? null : theirs.strip();
  }

  private int portOr(int fallback) {
    Integer port = givenPort();
    if (port != null) {
      return port;
    }
    return has("MASTER_PORT") ? port("MASTER_PORT") : fallback;
  }

  private Integer givenPort() {
    if (overrides.masterPort() != null) {
      return overrides.masterPort();
    }
    return has(MASTER_PORT_ENV) ? port(MASTER_PORT_ENV) : null;
  }

  private int port(String variable) {
    int p = number(variable, "a port number 1..65535");
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException(variable + "=" + p + " is not a port; export " + variable + " as 1..65535");
    }
    return p;
  }

  private int required(String variable, String launcher) {
    if (!has(variable)) {
      throw new IllegalArgumentException(variable + " is not set though other " + launcher + " variables are; start "
          + "every rank through " + launcher + " (or unset the partial variables)");
    }
    return number(variable, "a whole number");
  }

  private int optional(String variable, int fallback) {
    return has(variable) ? number(variable, "a whole number") : fallback;
  }

  private int number(String variable, String what) {
    String value = env.get(variable).strip();
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + "='" + value + "' is not " + what + "; fix or unset " + variable);
    }
  }

  private boolean has(String variable) {
    String v = env.get(variable);
    return v != null && !v.isBlank();
  }
}
