package dev.compactfusion.models.diffusers.pipeline;

import dev.compactfusion.models.diffusers.scheduler.DdimScheduler;
import dev.compactfusion.models.diffusers.scheduler.DpmSolverMultistepScheduler;
import dev.compactfusion.models.diffusers.scheduler.EulerDiscreteScheduler;
import dev.compactfusion.models.diffusers.scheduler.Scheduler;
import dev.compactfusion.models.diffusers.scheduler.SchedulerConfig;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The samplers {@code --scheduler} names; without it, the one the folder's scheduler config names. */
public enum SchedulerChoice {
  DDIM("ddim", "DDIMScheduler"),
  DPM_SOLVER("dpm-solver++", "DPMSolverMultistepScheduler"),
  EULER("euler", "EulerDiscreteScheduler");

  private final String cliName;
  private final String className;

  SchedulerChoice(String cliName, String className) {
    this.cliName = cliName;
    this.className = className;
  }

  public String cliName() {
    return cliName;
  }

  public static SchedulerChoice parse(String name) {
    for (SchedulerChoice c : values()) {
      if (c.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown scheduler '" + name + "' (one of " + names() + ")");
  }

  /** The folder's own scheduler, by its config's {@code _class_name}. */
  public static SchedulerChoice of(SchedulerConfig config) {
    for (SchedulerChoice c : values()) {
      if (c.className.equals(config.className())) {
        return c;
      }
    }
    throw new IllegalArgumentException("the folder's scheduler " + config.className() + " is not implemented;"
        + " choose one with --scheduler (" + names() + ")");
  }

  /**
   * A fresh scheduler for {@code steps} steps on the folder's noise schedule (schedulers keep state
   * across steps, so every run gets its own).
   */
  public Scheduler create(SchedulerConfig config, int steps) {
    return switch (this) {
      case DDIM -> new DdimScheduler(config, steps);
      case DPM_SOLVER -> new DpmSolverMultistepScheduler(config, steps);
      case EULER -> new EulerDiscreteScheduler(config, steps);
    };
  }

  private static String names() {
    return Arrays.stream(values()).map(SchedulerChoice::cliName).collect(Collectors.joining(", "));
  }
}
