package dev.compactfusion.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compactfusion.engine.cluster.SchedulerEnv.Overrides;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchedulerEnvTest {
  private static Placement detect(Map<String, String> env) {
    return SchedulerEnv.detect(env, Overrides.NONE).orElseThrow();
  }

  private static String refusal(Map<String, String> env) {
    String message = assertThrows(IllegalArgumentException.class, () -> SchedulerEnv.detect(env, Overrides.NONE))
        .getMessage();
    assertTrue(!message.contains("\n"), message);
    return message;
  }

  @Test
  void noSchedulerVariablesIsNoPlacement() {
    assertEquals(Optional.empty(), SchedulerEnv.detect(Map.of("HOME", "/root", "PATH", "/bin"), Overrides.NONE));
  }

  @Test
  void torchrunListensOneAboveItsAgentsPort() {
    Placement p = detect(Map.of("RANK", "3", "WORLD_SIZE", "8", "LOCAL_WORLD_SIZE", "4",
        "MASTER_ADDR", "10.0.0.5", "MASTER_PORT", "29500", "LOCAL_RANK", "3"));
    assertEquals(new Placement(Scheduler.TORCHRUN, 3, 8, 4, "10.0.0.5", 29501), p);
    assertEquals("10.0.0.5:29501", p.joinAddress());
    assertEquals("0.0.0.0", p.bindHost());
  }

  @Test
  void openMpiOnOneHostDefaultsToLoopback() {
    Placement p = detect(Map.of("OMPI_COMM_WORLD_RANK", "0", "OMPI_COMM_WORLD_SIZE", "4",
        "OMPI_COMM_WORLD_LOCAL_SIZE", "4"));
    assertEquals(new Placement(Scheduler.OPEN_MPI, 0, 4, 4, "127.0.0.1", SchedulerEnv.DEFAULT_PORT), p);
    assertTrue(p.rankZero());
    assertEquals("127.0.0.1", p.bindHost());
  }

  @Test
  void openMpiAcrossHostsNeedsTheMasterAddress() {
    String message = refusal(Map.of("OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "4",
        "OMPI_COMM_WORLD_LOCAL_SIZE", "2"));
    assertTrue(message.contains(SchedulerEnv.MASTER_ADDR_ENV) && message.contains("mpirun -x"), message);
    Placement p = detect(Map.of("OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "4",
        "OMPI_COMM_WORLD_LOCAL_SIZE", "2", SchedulerEnv.MASTER_ADDR_ENV, "host-a", SchedulerEnv.MASTER_PORT_ENV, "4000"));
    assertEquals(new Placement(Scheduler.OPEN_MPI, 1, 4, 2, "host-a", 4000), p);
  }

  @Test
  void slurmTakesTheFirstHostOfTheStepsNodelist() {
    Placement p = detect(Map.of("SLURM_PROCID", "5", "SLURM_NTASKS", "8", "SLURM_NTASKS_PER_NODE", "2",
        "SLURM_JOB_NODELIST", "node[01-08]", "SLURM_STEP_NODELIST", "node[03-04,07,09]"));
    assertEquals(new Placement(Scheduler.SLURM, 5, 8, 2, "node03", SchedulerEnv.DEFAULT_PORT), p);
    Placement job = detect(Map.of("SLURM_PROCID", "0", "SLURM_NTASKS", "2", "SLURM_NTASKS_PER_NODE", "1(x2)",
        "SLURM_JOB_NODELIST", "gpu[7-8]", "MASTER_PORT", "31000"));
    assertEquals(new Placement(Scheduler.SLURM, 0, 2, 1, "gpu7", 31000), job);
  }

  @Test
  void theInnermostLauncherWins() {
    // mpirun inside an sbatch allocation: SLURM_PROCID is the batch step's, the same on every rank.
    Placement p = detect(Map.of("SLURM_PROCID", "0", "SLURM_NTASKS", "1", "SLURM_JOB_NODELIST", "n1",
        "OMPI_COMM_WORLD_RANK", "2", "OMPI_COMM_WORLD_SIZE", "3", "OMPI_COMM_WORLD_LOCAL_SIZE", "3"));
    assertEquals(Scheduler.OPEN_MPI, p.scheduler());
    assertEquals(2, p.rank());
  }

  @Test
  void theCommandLineOverridesTheEnvironment() {
    Placement p = SchedulerEnv.detect(Map.of("OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "2",
        SchedulerEnv.MASTER_ADDR_ENV, "env-host", SchedulerEnv.MASTER_PORT_ENV, "4000"),
        new Overrides("cli-host", 5000)).orElseThrow();
    assertEquals("cli-host:5000", p.joinAddress());
  }

  @Test
  void malformedVariablesAreNamedWithTheFix() {
    assertTrue(refusal(Map.of("RANK", "one", "WORLD_SIZE", "2", "MASTER_ADDR", "h", "MASTER_PORT", "1"))
        .startsWith("RANK='one' is not a whole number"));
    assertTrue(refusal(Map.of("RANK", "0", "MASTER_ADDR", "h", "MASTER_PORT", "1"))
        .startsWith("WORLD_SIZE is not set"));
    assertTrue(refusal(Map.of("RANK", "0", "WORLD_SIZE", "2", "MASTER_PORT", "1")).startsWith("MASTER_ADDR is not set"));
    assertTrue(refusal(Map.of("RANK", "4", "WORLD_SIZE", "4", "MASTER_ADDR", "h", "MASTER_PORT", "1"))
        .startsWith("RANK=4 is outside the world of 4"));
    assertTrue(refusal(Map.of("OMPI_COMM_WORLD_RANK", "0", "OMPI_COMM_WORLD_SIZE", "2",
        SchedulerEnv.MASTER_PORT_ENV, "70000")).startsWith(SchedulerEnv.MASTER_PORT_ENV + "=70000 is not a port"));
    assertTrue(refusal(Map.of("SLURM_PROCID", "0", "SLURM_NTASKS", "2", "SLURM_JOB_NODELIST", "node[01-"))
        .startsWith("SLURM_JOB_NODELIST='node[01-' is not a Slurm node list"));
    assertTrue(refusal(Map.of("SLURM_PROCID", "0", "SLURM_NTASKS", "2")).contains("SLURM_STEP_NODELIST"));
  }
}
