package dev.compactfusion.cli;

import dev.compactfusion.engine.cluster.Placement;
import dev.compactfusion.engine.cluster.SchedulerEnv;

/** This process's {@link Placement} from its environment, as the commands need it: a usage error when there is none. */
final class SchedulerPlacement {
  private SchedulerPlacement() {}

  /** @param who what needs the placement, as the error names it: "--launcher env" or "worker without --join" */
  static Placement detect(String masterAddr, Integer masterPort, String who) {
    if (masterPort != null && (masterPort < 1 || masterPort > 65535)) {
      throw new UsageException("--master-port must be 1..65535, got " + masterPort);
    }
    if (masterAddr != null && masterAddr.isBlank()) {
      throw new UsageException("--master-addr must not be blank; give rank 0's host");
    }
    try {
      return SchedulerEnv.detect(System.getenv(), new SchedulerEnv.Overrides(masterAddr, masterPort))
          .orElseThrow(() -> new UsageException(who + " found none of " + SchedulerEnv.expected()
              + "; start the command with torchrun, mpirun or srun (or use --launcher procs on one machine)"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
