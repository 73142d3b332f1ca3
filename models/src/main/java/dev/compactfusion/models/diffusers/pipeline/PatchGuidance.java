package dev.compactfusion.models.diffusers.pipeline;

import dev.compactfusion.models.diffusers.scheduler.Guidance;

/**
 * DiT's classifier-free guidance on ε in the token layout: channels below the rule's guided count
 * get ε_u + s·(ε_c − ε_u), the others keep ε_c. Elementwise, so a worker guides its own slice, and
 * serial and cfg-parallel runs combine the two branches with this same code.
 */
public record PatchGuidance(Guidance rule, PatchLayout layout) {

  /** diffusers' DiTPipeline runs the unconditional branch only for a scale above 1. */
  public boolean guided() {
    return rule.scale() > 1;
  }

  public float[] combine(float[] cond, float[] uncond) {
    if (cond.length != uncond.length) {
      throw new IllegalArgumentException(cond.length + " conditional vs " + uncond.length + " unconditional values");
    }
    if (!guided()) {
      return cond.clone();
    }
    float[] out = new float[cond.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = layout.channelOf(i) < rule.guidedChannels()
          ? (float) (uncond[i] + rule.scale() * (cond[i] - uncond[i]))
          : cond[i];
    }
    return out;
  }
}
