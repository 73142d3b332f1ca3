package dev.compactfusion.models.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.scheduler.DdimScheduler;
import dev.compactfusion.models.diffusers.scheduler.DpmSolverMultistepScheduler;
import dev.compactfusion.models.diffusers.scheduler.EulerDiscreteScheduler;
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
    float[] ddim = new DdimScheduler(SchedulerConfig.dit(), 50).timesteps();
    assertThat(ddim).hasSize(50).startsWith(980, 960).endsWith(20, 0);
    float[] dpm = new DpmSolverMultistepScheduler(SchedulerConfig.dit(), 20).timesteps();
    // linspace(0, 999, 21) rounded, reversed, last dropped
    assertThat(dpm).hasSize(20).startsWith(999, 949, 899, 849).endsWith(100, 50);
  }

  /** Euler's own linspace keeps fractions (float32 of j·999/(N−1)); leading is DDIM's. */
  @Test
  void eulerSchedulesFollowDiffusersSpacing() {
    float[] linspace = new EulerDiscreteScheduler(SchedulerConfig.dit(), 20).timesteps();
    assertThat(linspace).hasSize(20).startsWith(999f, (float) (18 * (999.0 / 19)), (float) (17 * (999.0 / 19)))
        .endsWith((float) (999.0 / 19), 0f);
    assertThat(linspace[1]).isNotEqualTo(Math.round(linspace[1]));
    assertThat(new EulerDiscreteScheduler(SchedulerConfig.dit(), 50).timesteps()).hasSize(50)
        .startsWith(999f, (float) (48 * (999.0 / 49))).endsWith(0f);
    SchedulerConfig leading = withSpacing("leading");
    assertThat(new EulerDiscreteScheduler(leading, 50).timesteps())
        .containsExactly(new DdimScheduler(leading, 50).timesteps());
    assertThat(new EulerDiscreteScheduler(leading, 20).timesteps()).hasSize(20).startsWith(950f, 900f).endsWith(50f, 0f);
    assertThat(new EulerDiscreteScheduler(withSpacing("trailing"), 20).timesteps()).startsWith(999f, 949f)
        .endsWith(99f, 49f);
  }

  /** init_noise_sigma: σ at the first timestep for linspace, √(σ² + 1) for leading. */
  @Test
  void eulerStartsAtDiffusersInitNoiseSigma() {
    float[] sigma = trainedSigmas();
    // the two rules differ by 2e-5 of σ_max here; float32 σ is within 2e-7 of the double one
    assertThat(new EulerDiscreteScheduler(SchedulerConfig.dit(), 20).initNoiseSigma())
        .isCloseTo(sigma[999], withinPercentage(0.0002))
        .isNotCloseTo((float) Math.sqrt(sq(sigma[999]) + 1), withinPercentage(0.0002));
    assertThat(new EulerDiscreteScheduler(withSpacing("leading"), 20).initNoiseSigma())
        .isCloseTo((float) Math.sqrt(sq(sigma[950]) + 1), withinPercentage(0.01))
        .isNotCloseTo(sigma[950], withinPercentage(0.001));
    assertThat(new DdimScheduler(SchedulerConfig.dit(), 20).initNoiseSigma()).isEqualTo(1f);
  }

  /** scale_model_input divides by √(σ² + 1); between training steps σ is interpolated linearly. */
  @Test
  void eulerScalesTheModelInputByInterpolatedSigma() {
    float[] sigma = trainedSigmas();
    EulerDiscreteScheduler euler = new EulerDiscreteScheduler(SchedulerConfig.dit(), 5);
    float[] t = euler.timesteps();
    assertThat(t).containsExactly(999f, 749.25f, 499.5f, 249.75f, 0f);
    float[] ones = {1f, 2f};
    assertThat(euler.scaleModelInput(ones, t[0])[1]).isCloseTo((float) (2 / Math.sqrt(sq(sigma[999]) + 1)),
        within(1e-6f));
    euler.step(new float[] {0f, 0f}, t[0], ones);
    double between = sigma[749] + 0.25 * (sigma[750] - sigma[749]);
    assertThat(euler.scaleModelInput(ones, t[1])[0]).isCloseTo((float) (1 / Math.sqrt(sq(between) + 1)),
        within(1e-5f));
    assertThatThrownBy(() -> euler.step(new float[2], t[2], ones)).hasMessageContaining("expected timestep 749.25");
  }

  /** With ε fixed, one Euler step moves x by (σ_next − σ)·ε; the last lands on σ = 0. */
  @Test
  void eulerStepAddsTheSigmaDropTimesEpsilon() {
    float[] sigma = trainedSigmas();
    EulerDiscreteScheduler euler = new EulerDiscreteScheduler(withSpacing("leading"), 2);
    float[] t = euler.timesteps();
    assertThat(t).containsExactly(500f, 0f);
    float[] x = euler.step(new float[] {1f}, 500f, new float[] {3f});
    assertThat(x[0]).isCloseTo((float) (3 + sigma[0] - sigma[500]), within(1e-3f));
    assertThat(euler.step(new float[] {2f}, 0f, x)[0]).isCloseTo((float) (x[0] - 2 * sigma[0]), within(1e-5f));
  }

  private static double sq(double v) {
    return v * v;
  }

  /** √((1 − ᾱ)/ᾱ) from DiT's betas, in double: the σ the schedulers interpolate. */
  private static float[] trainedSigmas() {
    float[] out = new float[1000];
    double prod = 1;
    for (int i = 0; i < 1000; i++) {
      prod *= 1 - (1e-4 + (0.02 - 1e-4) * i / 999);
      out[i] = (float) Math.sqrt((1 - prod) / prod);
    }
    return out;
  }

  private static SchedulerConfig withSpacing(String spacing) {
    SchedulerConfig d = SchedulerConfig.dit();
    return new SchedulerConfig("EulerDiscreteScheduler", d.trainSteps(), d.betaStart(), d.betaEnd(), d.betaSchedule(),
        d.setAlphaToOne(), d.stepsOffset(), spacing);
  }

  @Test
  void ddimMatchesTheReference() {
    SchedulerConfig s = folder.schedulerConfig();
    assertThat(new DdimScheduler(s, STEPS).timesteps()).containsExactly(Fixtures.values("ddim.timesteps"));
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
    assertThat(new DpmSolverMultistepScheduler(s, STEPS).timesteps()).containsExactly(Fixtures.values("dpm.timesteps"));
    float[] out = run(new DpmSolverMultistepScheduler(s, STEPS), Guidance.diffusers(scale(), 4));
    Fixtures.report("DPM-Solver++ 4 steps", out, Fixtures.values("dpm.final"));
    assertThat(Fixtures.relativeError(out, Fixtures.values("dpm.final"))).isLessThan(1e-4);
  }

  /** The folder's config names no spacing, so Euler's own linspace applies: 999, 666, 333, 0. */
  @Test
  void eulerMatchesTheReference() {
    SchedulerConfig s = folder.schedulerConfig();
    assertThat(new EulerDiscreteScheduler(s, STEPS).timesteps()).containsExactly(Fixtures.values("euler.timesteps"));
    float[] out = run(new EulerDiscreteScheduler(s, STEPS), Guidance.diffusers(scale(), 4));
    Fixtures.report("Euler 4 steps", out, Fixtures.values("euler.final"));
    assertThat(Fixtures.relativeError(out, Fixtures.values("euler.final"))).isLessThan(1e-4);
    assertThat(Fixtures.relativeError(out, Fixtures.values("dpm.final"))).as("not DPM-Solver's result").isGreaterThan(1e-3);
  }

  /** Fractional timesteps reach the transformer and σ as they are. */
  @Test
  void eulerBetweenTrainingTimestepsMatchesTheReference() {
    SchedulerConfig s = folder.schedulerConfig();
    assertThat(new EulerDiscreteScheduler(s, 5).timesteps()).containsExactly(Fixtures.values("euler5.timesteps"));
    float[] out = run(new EulerDiscreteScheduler(s, 5), Guidance.diffusers(scale(), 4));
    Fixtures.report("Euler 5 steps", out, Fixtures.values("euler5.final"));
    assertThat(Fixtures.relativeError(out, Fixtures.values("euler5.final"))).isLessThan(1e-4);
  }

  /** Leading spacing and its √(σ² + 1) start: the reference's run, and (Euler in σ being DDIM) DDIM's result. */
  @Test
  void eulerWithLeadingSpacingMatchesTheReferenceAndDdim() {
    SchedulerConfig s = folder.schedulerConfig();
    SchedulerConfig leading = new SchedulerConfig(s.className(), s.trainSteps(), s.betaStart(), s.betaEnd(),
        s.betaSchedule(), s.setAlphaToOne(), s.stepsOffset(), "leading");
    assertThat(new EulerDiscreteScheduler(leading, STEPS).timesteps())
        .containsExactly(Fixtures.values("euler_leading.timesteps"));
    float[] out = run(new EulerDiscreteScheduler(leading, STEPS), Guidance.diffusers(scale(), 4));
    Fixtures.report("Euler 4 steps, leading", out, Fixtures.values("euler_leading.final"));
    assertThat(Fixtures.relativeError(out, Fixtures.values("euler_leading.final"))).isLessThan(1e-4);
    assertThat(Fixtures.relativeError(out, run(new DdimScheduler(s, STEPS), Guidance.diffusers(scale(), 4))))
        .isLessThan(1e-4);
  }
}
