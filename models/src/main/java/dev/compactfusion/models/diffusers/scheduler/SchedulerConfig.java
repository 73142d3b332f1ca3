package dev.compactfusion.models.diffusers.scheduler;

import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.format.ConfigFile;

/**
 * The noise schedule of a diffusers {@code scheduler/scheduler_config.json}. Only what DiT's
 * checkpoints use is accepted (ε-prediction, no sample clipping or thresholding, no trained betas);
 * anything else is refused rather than silently ignored.
 *
 * @param timestepSpacing "leading", "linspace" or "trailing"; null when the config does not say,
 *     in which case each sampler uses its own diffusers default
 */
public record SchedulerConfig(String className, int trainSteps, double betaStart, double betaEnd, String betaSchedule,
    boolean setAlphaToOne, int stepsOffset, String timestepSpacing) {

  public SchedulerConfig {
    if (trainSteps < 2 || !(betaStart > 0) || !(betaEnd > betaStart) || betaEnd >= 1) {
      throw new IllegalArgumentException("scheduler config " + this + " is not a valid beta schedule");
    }
    if (!betaSchedule.equals("linear") && !betaSchedule.equals("scaled_linear")) {
      throw new IllegalArgumentException("beta_schedule " + betaSchedule + " is not supported (linear, scaled_linear)");
    }
    if (timestepSpacing != null && !Timesteps.SPACINGS.contains(timestepSpacing)) {
      throw new IllegalArgumentException("timestep_spacing " + timestepSpacing + " is not one of " + Timesteps.SPACINGS);
    }
  }

  /** DiT's published schedule: DDIM, linear betas 1e-4 → 0.02 over 1000 steps, alpha_T = 1. */
  public static SchedulerConfig dit() {
    return new SchedulerConfig("DDIMScheduler", 1000, 1e-4, 0.02, "linear", true, 0, null);
  }

  public static SchedulerConfig read(ConfigFile c) {
    c.require("prediction_type", "epsilon", true);
    // DDIM clips by default; DPM-Solver++ and Euler have no such option, so only DDIM must say it is off.
    c.require("clip_sample", false, !c.string("_class_name").equals("DDIMScheduler"));
    // DPMSolverMultistepScheduler as implemented: 2nd-order dpmsolver++ midpoint with a lower-order final step
    c.require("algorithm_type", "dpmsolver++", true);
    c.require("solver_order", 2, true);
    c.require("solver_type", "midpoint", true);
    c.require("lower_order_final", true, true);
    c.require("thresholding", false, true);
    // EulerDiscreteScheduler's and DPMSolverMultistepScheduler's options, implemented only at their defaults
    c.require("interpolation_type", "linear", true);
    c.require("use_karras_sigmas", false, true);
    c.require("use_exponential_sigmas", false, true);
    c.require("use_beta_sigmas", false, true);
    c.require("final_sigmas_type", "zero", true);
    c.require("timestep_type", "discrete", true);
    c.require("rescale_betas_zero_snr", false, true);
    if (c.has("trained_betas")) {
      throw new CheckpointException(c.file() + ": \"trained_betas\" is not supported");
    }
    try {
      return new SchedulerConfig(c.string("_class_name"), c.integer("num_train_timesteps", 1000),
          c.number("beta_start", 1e-4), c.number("beta_end", 0.02), c.string("beta_schedule", "linear"),
          c.bool("set_alpha_to_one", true), c.integer("steps_offset", 0), c.string("timestep_spacing", null));
    } catch (IllegalArgumentException e) {
      if (e instanceof CheckpointException) {
        throw e;
      }
      throw new CheckpointException(c.file() + ": " + e.getMessage(), e);
    }
  }

  /** The spacing this config asks for, or {@code fallback} (the sampler's own default) when it says none. */
  String spacingOr(String fallback) {
    return timestepSpacing == null ? fallback : timestepSpacing;
  }
}
