package dev.compactfusion.models.diffusers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.scheduler.DdimScheduler;
import dev.compactfusion.models.diffusers.scheduler.DpmSolverMultistepScheduler;
import dev.compactfusion.models.diffusers.scheduler.Guidance;
import dev.compactfusion.models.diffusers.scheduler.GuidedSampler;
import dev.compactfusion.models.diffusers.scheduler.Scheduler;
import dev.compactfusion.models.diffusers.scheduler.SchedulerConfig;
import dev.compactfusion.models.diffusers.transformer.DitConfig;
import dev.compactfusion.models.diffusers.transformer.DitTransformer;
import dev.compactfusion.models.dit.ExactAttention;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Four guided steps of each sampler from the reference's latents and classes. */
class DitXlSamplingTest {
  private static final int STEPS = 4;
  private static DitPipelineFolder folder;
  private static DitTransformer model;

  @BeforeAll
  static void load() {
    folder = DitPipelineFolder.open(Fixtures.plain());
    model = folder.loadTransformer();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static float[] run(Scheduler scheduler, Guidance guidance) {
    DitConfig c = model.config();
    GuidedSampler.NoisePredictor predictor = (latents, t, classes) -> {
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray x = m.create(latents, new Shape(classes.length, c.inChannels(), c.sampleSize(), c.sampleSize()));
        float[] times = new float[classes.length];
        Arrays.fill(times, t);
        return model.forward(x, times, classes, new ExactAttention(), 0).toFloatArray();
      }
    };
    return new GuidedSampler(predictor, guidance, c.outChannels(), c.nullClass())
        .sample(scheduler, Fixtures.values("sample.latents"), Fixtures.ints("sample.class_labels"));
  }

  private static double scale() {
    return Fixtures.values("guidance")[0];
  }

  @Test
  void schedulerConfigIsDitsPublishedOne() {
    assertThat(folder.schedulerConfig()).isEqualTo(SchedulerConfig.dit());
  }

  /** The 50- and 20-step schedules diffusers prints for DiT's config. */
  @Test
  void longerSchedulesFollowDiffusersSpacing() {
    int[] ddim = new DdimScheduler(SchedulerConfig.dit(), 50).timesteps();
    assertThat(ddim).hasSize(50).startsWith(980, 960).endsWith(20, 0);
    int[] dpm = new DpmSolverMultistepScheduler(SchedulerConfig.dit(), 20).timesteps();
    // linspace(0, 999, 21) rounded, reversed, last dropped
    assertThat(dpm).hasSize(20).startsWith(999, 949, 899, 849).endsWith(100, 50);
  }

  @Test
  void ddimMatchesTheReference() {
    SchedulerConfig s = folder.schedulerConfig();
    assertThat(new DdimScheduler(s, STEPS).timesteps()).containsExactly(Fixtures.ints("ddim.timesteps"));
    float[] out = run(new DdimScheduler(s, STEPS), Guidance.diffusers(scale(), 4));
    Fixtures.report("DDIM 4 steps", out, Fixtures.values("ddim.final"));
    assertThat(Fixtures.relativeError(out, Fixtures.values("ddim.final"))).isLessThan(1e-4);
  }

  @Test
  void originalRepositoryGuidanceOnThreeChannelsMatchesTheReference() {
    float[] out = run(new DdimScheduler(folder.schedulerConfig(), STEPS), Guidance.originalRepository(scale(), 4));
    Fixtures.report("DDIM 4 steps, 3 guided channels", out, Fixtures.values("ddim.final_3channel"));
    assertThat(Fixtures.relativeError(out, Fixtures.values("ddim.final_3channel"))).isLessThan(1e-4);
    assertThat(Fixtures.relativeError(out, Fixtures.values("ddim.final"))).isGreaterThan(1e-3);
  }

  @Test
  void dpmSolverMatchesTheReference() {
    SchedulerConfig s = folder.schedulerConfig();
    assertThat(new DpmSolverMultistepScheduler(s, STEPS).timesteps()).containsExactly(Fixtures.ints("dpm.timesteps"));
    float[] out = run(new DpmSolverMultistepScheduler(s, STEPS), Guidance.diffusers(scale(), 4));
    Fixtures.report("DPM-Solver++ 4 steps", out, Fixtures.values("dpm.final"));
    assertThat(Fixtures.relativeError(out, Fixtures.values("dpm.final"))).isLessThan(1e-4);
  }
}
