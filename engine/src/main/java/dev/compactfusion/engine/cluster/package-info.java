/**
 * Reading a process's place in a job that a cluster launcher started: torchrun, Open MPI's mpirun
 * or Slurm's srun set the rank, the world size and (except mpirun) where rank 0 runs in the
 * environment; {@link dev.compactfusion.engine.cluster.SchedulerEnv} turns those variables into a
 * {@link dev.compactfusion.engine.cluster.Placement}. Knows nothing of tcp or workers: the launch
 * package connects the ranks.
 */
package dev.compactfusion.engine.cluster;
