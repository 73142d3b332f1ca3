package dev.compactfusion.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.pipeline.StageLayout;
import dev.compactfusion.engine.worker.Control;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.generate.GenerationRequest;
import org.junit.jupiter.api.Test;

/** PipeFusion's plans: what they default to, how they are labelled, and every plan that cannot run. */
class PipeFusionPlanTest {
  private static final ParallelPlan.Compression NONE = ParallelPlan.Compression.parse("none", "ef", 1);

  @Test
  void patchesDefaultToOnePerStageAndNameTheLabel() {
    ParallelPlan plan = ParallelPlan.pipeFusion(4, 0, NONE);
    assertThat(plan.patches()).isEqualTo(4);
    assertThat(plan.stale()).isTrue();
    assertThat(plan.label()).isEqualTo("pipefusion4_m4");
    assertThat(ParallelPlan.pipeFusion(4, 2, ParallelPlan.Compression.parse("1bit", "ef", 1)).label())
        .isEqualTo("pipefusion4_m2_1bit");
    ParallelPlan exact = ParallelPlan.pipeFusion(3, 1, ParallelPlan.Compression.parse("none", "ef", 0));
    assertThat(exact.stale()).isFalse();
    assertThat(exact.tokenRange(16, 0).length()).isEqualTo(16);
    assertThat(exact.tokenRange(16, 2).length()).isZero();
  }

  /** With cfg parallelism each branch is a pipeline of half the workers: stages, patches and labels count per branch. */
  @Test
  void cfgParallelRunsTwoPipelinesOfHalfTheWorkers() {
    ParallelPlan plan = new ParallelPlan(Strategy.PIPEFUSION, 6, ParallelPlan.SequenceGroups.DERIVED, true, NONE,
        Device.CPU, 0);
    assertThat(plan.patches()).isEqualTo(3);
    assertThat(plan.sequenceDegree()).isEqualTo(3);
    assertThat(plan.label()).isEqualTo("pipefusion3_m3_cfg");
    assertThat(plan.tokenRange(16, 0).length()).isEqualTo(16);
    assertThat(plan.tokenRange(16, 1).length()).isZero();
    assertThat(StageLayout.of(plan, 4, 5)).isEqualTo(new StageLayout(1, 3, 2, 4));
    assertThat(WorkerLayout.of(plan, 4).partner()).isEqualTo(1);
    assertThatThrownBy(() -> plan.checkStages("tiny", 2))
        .hasMessage("tiny has 2 blocks, fewer than the 3 pipeline stages: use at most 4 workers with pipefusion"
            + " --cfg-parallel");
    assertThatThrownBy(() -> new ParallelPlan(Strategy.PIPEFUSION, 3, ParallelPlan.SequenceGroups.DERIVED, true,
        NONE, Device.CPU, 0)).hasMessageContaining("--workers must be even, got 3");
  }

  /** Worker processes get the plan as JSON: the patches come back, and are validated again. */
  @Test
  void thePlanSurvivesTheWire() {
    GenerationJob job = new GenerationJob(new GenerationRequest("m", "red circle", 1, 2, 3f),
        ParallelPlan.pipeFusion(3, 5, ParallelPlan.Compression.parse("int8", "ef", 2)));
    GenerationJob back = Control.json(Control.json(job), GenerationJob.class, Control.JOB);
    assertThat(back).isEqualTo(job);
    assertThat(back.plan().patches()).isEqualTo(5);
  }

  @Test
  void stagesSplitTheBlocksAsEvenlyAsTheDepthAllows() {
    assertThat(StageLayout.of(5, 3, 0)).isEqualTo(new StageLayout(0, 3, 0, 2));
    assertThat(StageLayout.of(5, 3, 1)).isEqualTo(new StageLayout(1, 3, 2, 4));
    assertThat(StageLayout.of(5, 3, 2)).isEqualTo(new StageLayout(2, 3, 4, 5));
    assertThatThrownBy(() -> StageLayout.of(2, 3, 0)).hasMessageContaining("every stage needs a block");
  }

  @Test
  void plansThatCannotRunAreRefused() {
    assertThatThrownBy(() -> new ParallelPlan(Strategy.RING, 2, ParallelPlan.SequenceGroups.DERIVED, false, NONE,
        Device.CPU, 2)).hasMessage("--pipefusion-patches 2 only applies to --parallel pipefusion, not ring");
    assertThatThrownBy(() -> ParallelPlan.pipeFusion(2, -1, NONE))
        .hasMessage("--pipefusion-patches must be at least 1, got -1");
    assertThatThrownBy(() -> new ParallelPlan(Strategy.PIPEFUSION, 4, new ParallelPlan.SequenceGroups(2, 0), false,
        NONE, Device.CPU, 2)).hasMessageContaining("does not combine with ulysses or ring (not implemented)");
    assertThatThrownBy(() -> ParallelPlan.pipeFusion(2, 2, ParallelPlan.Compression.parse("none", "ef", 0)))
        .hasMessageContaining("pipefusion with 2 patches uses last step's K,V of the other patches and needs at "
            + "least one synchronous warmup step");
    assertThatThrownBy(() -> ParallelPlan.pipeFusion(3, 3, NONE).checkFits("tiny", 16, 8, 2))
        .hasMessage("tiny has 2 blocks, fewer than the 3 pipeline stages: use at most 2 workers with pipefusion");
    assertThatThrownBy(() -> ParallelPlan.pipeFusion(2, 17, NONE).checkFits("tiny", 16, 8, 2))
        .hasMessage("tiny has 16 tokens, fewer than --pipefusion-patches 17: use at most 16 patches");
    ParallelPlan.pipeFusion(2, 16, NONE).checkFits("tiny", 16, 8, 2);
  }
}
