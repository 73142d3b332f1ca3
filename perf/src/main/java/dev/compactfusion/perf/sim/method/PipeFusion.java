package dev.compactfusion.perf.sim.method;

import dev.compactfusion.perf.sim.Estimate;
import dev.compactfusion.perf.sim.Scenario;

/**
 * PipeFusion: workers hold consecutive stages of ⌈L/N⌉ layers; the image is cut into M = N patches
 * that flow through the stages, each patch attending to the other patches' one-step-stale K,V kept
 * locally (no K,V traffic). Assumptions: warmup steps pass the whole image through the stages one
 * after another (no parallelism); every steady step fills and drains the pipeline, M + N − 1 slots
 * of one stage on one patch, because the sampler update needs the full latent at the step boundary
 * (the published 4×L20 time, 9.07 s against 5.1 s for ideal splitting, agrees with a drain per step,
 * not with a pipeline kept full across steps); a stage hands a patch's activation to the next stage
 * (fp16, waited for).
 */
final class PipeFusion implements Method {
  static final String NAME = "pipefusion";


  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Estimate estimate(Scenario s) {
    int n = s.workers();
    int layers = s.shape().layers();
    double tokens = s.shape().tokens();
    double stageLayers = Math.ceil((double) layers / n);
    double handOff = n == 1 ? 0 : s.link().seconds(s.tensorBytes(tokens), 1, 1);
    double warmupBytes = n == 1 ? 0 : s.tensorBytes(tokens);
    StepCost warmup = new StepCost(
        s.computeSeconds(s.shape().stepFlops()), (n - 1) * handOff, 0, warmupBytes, warmupBytes);

    int patches = n;
    double patchTokens = Math.ceil(tokens / patches);
    double slotCompute = stageLayers
        * s.computeSeconds(s.shape().linearFlops(patchTokens) + s.shape().attentionFlops(patchTokens, tokens));
    double slotHandOff = n == 1 ? 0 : s.link().seconds(s.tensorBytes(patchTokens), n, 1);
    int slots = patches + n - 1;
    double bytes = n == 1 ? 0 : patches * s.tensorBytes(patchTokens);
    StepCost steady = new StepCost(slots * slotCompute, slots * slotHandOff, 0, bytes, bytes);
    return StepCost.total(name(), s, warmup, steady, s.workload().warmupSteps());
  }
}
