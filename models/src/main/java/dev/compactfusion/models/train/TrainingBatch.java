package dev.compactfusion.models.train;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.data.Dataset;
import dev.compactfusion.models.data.Sample;
import dev.compactfusion.models.data.Seeds;
import dev.compactfusion.models.dit.PixelScale;
import dev.compactfusion.models.prompt.Condition;
import java.util.SplittableRandom;

/**
 * Everything random in one training step, drawn in Java from (seed, step) alone, so step s is the
 * same whether the run got there in one go or resumed: clean pixels (items [(s−1)·B, s·B) of the
 * set, in [−1, 1], layout [B, F, H, W, C]), noise of the same size, times t ~ logit-normal(0, 1)
 * (which weights the middle of the trajectory, where shapes are decided), and conditions with
 * attribute-wise and whole dropout to the null entry.
 */
record TrainingBatch(float[] pixels, float[] noise, float[] times, Condition[] conditions) {
  private static final long SALT = 31;

  static TrainingBatch draw(ModelConfig config, Dataset data, TrainSettings s, int step) {
    int b = s.batch();
    int per = config.frames() * config.imageSize() * config.imageSize() * config.channels();
    float[] pixels = new float[b * per];
    Condition[] conditions = new Condition[b];
    SplittableRandom rng = Seeds.at(s.seed(), SALT, step);
    for (int i = 0; i < b; i++) {
      Sample sample = data.sample((long) (step - 1) * b + i);
      float[] rgb = sample.frames().rgb();
      for (int j = 0; j < per; j++) {
        pixels[i * per + j] = PixelScale.toModel(rgb[j]);
      }
      conditions[i] = dropout(TrainingData.condition(config, sample.label()), s, rng);
    }
    float[] times = new float[b];
    for (int i = 0; i < b; i++) {
      times[i] = (float) (1 / (1 + Math.exp(-Seeds.gaussian(rng))));
    }
    float[] noise = new float[b * per];
    for (int j = 0; j < noise.length; j++) {
      noise[j] = (float) Seeds.gaussian(rng);
    }
    return new TrainingBatch(pixels, noise, times, conditions);
  }

  private static Condition dropout(Condition c, TrainSettings s, SplittableRandom rng) {
    int[] ids = c.ids();
    if (rng.nextDouble() < s.conditionDropout()) {
      return Condition.unconditional(ids.length);
    }
    for (int a = 0; a < ids.length; a++) {
      if (rng.nextDouble() < s.attributeDropout()) {
        ids[a] = Condition.NULL_ID;
      }
    }
    return new Condition(ids);
  }
}
