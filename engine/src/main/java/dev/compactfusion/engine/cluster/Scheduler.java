package dev.compactfusion.engine.cluster;

/** The launcher that started this process, as named in messages. */
public enum Scheduler {
  TORCHRUN("torchrun"),
  OPEN_MPI("mpirun (Open MPI)"),
  SLURM("srun (Slurm)");

  private final String label;

  Scheduler(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
