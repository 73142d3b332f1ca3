package dev.compactfusion.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import dev.compactfusion.comms.nccl.NcclAvailability;
import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.Device;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.generate.GenerationRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Workers placed on GPUs give the CPU run's image within float tolerance. Needs a CUDA build of
 * libtorch and a GPU; skips visibly everywhere else (this project's default build is CPU-only).
 */
class CudaPlacementTest {
  @Test
  void patchOnTwoGpuWorkersMatchesTheCpuRun() {
    assumeTrue(NcclAvailability.probe().available(), "no CUDA runtime here: --device cuda not checked");
    assumeTrue(Engine.getInstance().getGpuCount() > 0,
        "PyTorch sees no GPU (CPU build of libtorch): --device cuda not checked");
    String model = TinyModels.image();
    GenerationRequest request = new GenerationRequest(model, "red circle", 5, 2, 3f);
    ParallelPlan.Compression none = ParallelPlan.Compression.parse("none", "ef", 1);
    ParallelPlan cpu = ParallelPlan.of(Strategy.PATCH, 2, 0, 0, false, none);
    ParallelPlan gpu = new ParallelPlan(Strategy.PATCH, 2, ParallelPlan.SequenceGroups.DERIVED, false, none,
        Device.parse("cuda"));
    LaunchOptions threads = LaunchOptions.threads(Duration.ofSeconds(60));
    RunResult onCpu = ParallelGeneration.run(new GenerationJob(request, cpu), threads);
    RunResult onGpu = ParallelGeneration.run(new GenerationJob(request, gpu), threads);
    assertThat(ExactnessTest.maxAbsDiff(onGpu.frames(), onCpu.frames())).isLessThanOrEqualTo(1e-3);
  }
}
