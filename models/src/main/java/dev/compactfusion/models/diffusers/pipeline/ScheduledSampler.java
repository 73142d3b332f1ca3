package dev.compactfusion.models.diffusers.pipeline;

import dev.compactfusion.models.diffusers.scheduler.Scheduler;
import dev.compactfusion.models.sampling.Sampler;
import dev.compactfusion.models.sampling.SliceVelocity;
import dev.compactfusion.models.sampling.StepListener;
import java.util.function.Supplier;

/**
 * A diffusers scheduler as the generation path's sampler: at each of its timesteps the slice's
 * guided ε is asked for (the "velocity" of the seam, with the timestep as t) and the scheduler
 * steps the slice. The start is scaled by the scheduler's init σ and the model asked about
 * scale_model_input of the slice, as diffusers' loop does. Every scheduler here is elementwise given
 * ε, so each worker scales and steps its own tokens and all of them stay in step with a serial run.
 */
public final class ScheduledSampler implements Sampler {
  private final Supplier<Scheduler> schedulers;
  private final int steps;

  public ScheduledSampler(Supplier<Scheduler> schedulers) {
    this.schedulers = schedulers;
    this.steps = schedulers.get().timesteps().length;
  }

  @Override
  public int steps() {
    return steps;
  }

  @Override
  public float[] sample(float[] start, SliceVelocity eps, StepListener listener) {
    Scheduler scheduler = schedulers.get();
    float[] timesteps = scheduler.timesteps();
    float[] x = scheduler.start(start);
    for (int i = 0; i < timesteps.length; i++) {
      float[] e = eps.velocity(scheduler.scaleModelInput(x, timesteps[i]), timesteps[i], i);
      if (e.length != x.length) {
        throw new IllegalStateException("ε has " + e.length + " values for " + x.length + " latents");
      }
      x = scheduler.step(e, timesteps[i], x);
      listener.stepDone(i + 1, timesteps.length);
    }
    return x;
  }
}
