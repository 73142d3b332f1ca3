package dev.compactfusion.models.classify;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.compactfusion.models.data.Dataset;
import dev.compactfusion.models.data.Sample;
import dev.compactfusion.models.data.Seeds;
import dev.compactfusion.models.train.AdamW;
import dev.compactfusion.models.train.Gradients;
import dev.compactfusion.models.train.LearningRate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Trains a {@link Classifier} on a procedural {@link Dataset} with corrupted inputs (noise, blur),
 * softmax cross-entropy summed over heads, AdamW with warmup and clipping. Deterministic for a
 * seed: the batch of step s is items [s·B, (s+1)·B) of the set, corruption drawn from (seed, s).
 */
public final class ClassifierTraining {
  /** What to train for how long. */
  public record Settings(int steps, int batch, float lr, long seed) {
    public Settings {
      if (steps < 1 || batch < 1 || !(lr > 0)) {
        throw new IllegalArgumentException("classifier training needs steps >= 1, batch >= 1, lr > 0");
      }
    }
  }

  private static final long CORRUPTION_SALT = 11;

  private ClassifierTraining() {}

  /**
   * Trains from scratch; {@code onStep} hears each finished step. The mean loss of each step is
   * appended to {@code losses} when it is not null.
   */
  public static Classifier train(Dataset data, Settings settings, IntConsumer onStep,
      List<Float> losses) {
    ClassifierSpec spec = new ClassifierSpec(3 * data.frames(), data.size(), data.attributeSizes());
    NDManager manager = NDManager.newBaseManager();
    ConvNet net = ConvNet.init(spec, settings.seed(), manager);
    Map<String, NDArray> params = net.params();
    params.values().forEach(p -> p.setRequiresGradient(true));
    AdamW adam = new AdamW(new AdamW.Settings(0.9f, 0.99f, 1e-8f, 1e-4f), manager, params);
    LearningRate schedule = new LearningRate(settings.lr(), Math.min(100, settings.steps() / 10),
        settings.steps(), 0.05f);
    int nonFiniteInARow = 0;
    for (int step = 1; step <= settings.steps(); step++) {
      try (NDManager scope = manager.newSubManager()) {
        Batch b = batch(data, spec, (long) (step - 1) * settings.batch(), settings.batch(),
            Seeds.at(settings.seed(), CORRUPTION_SALT, step), scope);
        float loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray total = crossEntropy(net.logits(b.x()), b.labels());
          gc.backward(total);
          loss = total.getFloat();
        }
        double norm = Gradients.globalNorm(params);
        if (!Double.isFinite(norm) || !Float.isFinite(loss)) {
          // As in the DiT trainer: a rare non-finite step is skipped, a run of them is divergence.
          Gradients.clear(params);
          if (++nonFiniteInARow >= 5) {
            throw new IllegalStateException("classifier training diverged at step " + step
                + " (gradient norm " + norm + "); lower the learning rate");
          }
        } else {
          nonFiniteInARow = 0;
          adam.update(step, schedule.at(step), Gradients.clipScale(norm, 1.0), params);
          Gradients.zero(params);
        }
        if (losses != null) {
          losses.add(loss);
        }
      }
      onStep.accept(step);
    }
    params.values().forEach(p -> p.setRequiresGradient(false));
    return new Classifier(manager, net);
  }

  /**
   * Share of correct predictions per head on {@code count} clean samples of {@code data}
   * (a held-out set: use another seed than the training set).
   */
  public static double[] accuracy(Classifier classifier, Dataset data, int count) {
    List<dev.compactfusion.models.media.Frames> frames = new ArrayList<>();
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Sample s = data.sample(i);
      samples.add(s);
      frames.add(s.frames());
    }
    int[][] predicted = classifier.predict(frames);
    int heads = classifier.spec().heads().length;
    double[] correct = new double[heads];
    for (int i = 0; i < count; i++) {
      for (int h = 0; h < heads; h++) {
        if (predicted[i][h] == samples.get(i).label().attribute(h)) {
          correct[h]++;
        }
      }
    }
    for (int h = 0; h < heads; h++) {
      correct[h] /= count;
    }
    return correct;
  }

  private record Batch(NDArray x, int[][] labels) {}

  private static Batch batch(Dataset data, ClassifierSpec spec, long first, int n,
      SplittableRandom rng, NDManager scope) {
    int plane = spec.channels() * spec.size() * spec.size();
    float[] x = new float[n * plane];
    int heads = spec.heads().length;
    int[][] labels = new int[heads][n];
    for (int i = 0; i < n; i++) {
      Sample s = data.sample(first + i);
      Pixels.toChannelsFirst(s.frames(), x, i * plane);
      Pixels.corrupt(x, i * plane, spec.channels(), spec.size(), rng);
      for (int h = 0; h < heads; h++) {
        labels[h][i] = s.label().attribute(h);
      }
    }
    return new Batch(scope.create(x, new Shape(n, spec.channels(), spec.size(), spec.size())), labels);
  }

  private static NDArray crossEntropy(NDList logits, int[][] labels) {
    NDArray total = null;
    for (int h = 0; h < logits.size(); h++) {
      NDArray logit = logits.get(h);
      NDArray target = logit.getManager().create(labels[h]).oneHot((int) logit.getShape().get(1));
      NDArray nll = logit.logSoftmax(1).mul(target).sum().neg().div(labels[h].length);
      total = total == null ? nll : total.add(nll);
    }
    return total;
  }
}
