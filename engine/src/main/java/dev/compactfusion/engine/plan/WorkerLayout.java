package dev.compactfusion.engine.plan;

import dev.compactfusion.models.dit.TokenRange;
import java.util.stream.IntStream;

/**
 * Where one world rank sits in a plan: its cfg branch (0 conditional, 1 unconditional; always 0
 * without cfg parallelism), its rank inside the branch's sequence-parallel group, the world ranks
 * of that group, and its partner in the other branch (the rank holding the same tokens), or -1.
 */
public record WorkerLayout(int rank, int branch, int sequenceRank, int[] groupMembers, int partner) {

  public static WorkerLayout of(ParallelPlan plan, int rank) {
    if (rank < 0 || rank >= plan.workers()) {
      throw new IllegalArgumentException("rank " + rank + " is outside a plan of " + plan.workers() + " workers");
    }
    int sp = plan.sequenceDegree();
    int branch = rank / sp;
    int[] members = IntStream.range(branch * sp, branch * sp + sp).toArray();
    int partner = plan.cfgParallel() ? (rank + sp) % plan.workers() : -1;
    return new WorkerLayout(rank, branch, rank % sp, members, partner);
  }

  /** This worker's tokens and every group member's, indexed by sequence rank. */
  public TokenRange[] ranges(ParallelPlan plan, int tokens) {
    return IntStream.range(0, plan.sequenceDegree())
        .mapToObj(i -> plan.tokenRange(tokens, i))
        .toArray(TokenRange[]::new);
  }

  public boolean conditional() {
    return branch == 0;
  }
}
