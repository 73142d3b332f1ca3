package dev.compactfusion.models.eval;

import dev.compactfusion.models.classify.Classifier;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.data.Label;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.Generator;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.sampling.StepListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Generates samples over a model's whole vocabulary and scores them with the classifier of its
 * procedural data. Sample i uses condition i of a seeded shuffle of all conditions (cycling when
 * there are more samples than conditions) and noise seed {@code seed + i}, so a report is
 * reproducible and any K covers the conditions evenly.
 */
public final class SampleScoring {
  private SampleScoring() {}

  /** The conditions of a K-sample evaluation, in sample order. */
  public static List<Label> plan(ModelConfig config, int samples, long seed) {
    List<Label> all = new ArrayList<>(Conditions.all(config));
    Collections.shuffle(all, new Random(seed));
    List<Label> out = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      out.add(all.get(i % all.size()));
    }
    return out;
  }

  /** A scored evaluation and the samples it generated, in plan order. */
  public record Evaluation(CasReport report, List<Label> labels, List<Frames> samples) {
    /** The first sample of every condition, in {@link Conditions#all} order; null if one is missing. */
    public List<Frames> onePerCondition(ModelConfig config) {
      List<Frames> out = new ArrayList<>();
      for (Label l : Conditions.all(config)) {
        int i = labels.indexOf(l);
        if (i < 0) {
          return null;
        }
        out.add(samples.get(i));
      }
      return out;
    }
  }

  public static Evaluation evaluate(DiT dit, Classifier classifier, int samples, int steps,
      float guidance, long seed, StepListener progress) {
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be >= 1, got " + samples);
    }
    ModelConfig config = dit.config();
    List<Label> labels = plan(config, samples, seed);
    Generator generator = new Generator(dit);
    List<Frames> generated = new ArrayList<>();
    int total = samples * steps;
    for (int i = 0; i < samples; i++) {
      int done = i * steps;
      generated.add(generator.generate(new GenerationRequest(config.name(), labels.get(i).prompt(),
          seed + i, steps, guidance), (d, t) -> progress.stepDone(done + d, total)));
    }
    return new Evaluation(score(config, classifier, labels, generated), labels, generated);
  }

  /** Scores given samples against their labels. */
  public static CasReport score(ModelConfig config, Classifier classifier, List<Label> labels,
      List<Frames> samples) {
    List<String> names = Conditions.attributeNames(config);
    int[][] predicted = classifier.predict(samples);
    double[] correct = new double[names.size()];
    int allRight = 0;
    for (int i = 0; i < samples.size(); i++) {
      boolean all = true;
      for (int a = 0; a < names.size(); a++) {
        boolean right = predicted[i][a] == labels.get(i).attribute(a);
        correct[a] += right ? 1 : 0;
        all &= right;
      }
      allRight += all ? 1 : 0;
    }
    for (int a = 0; a < correct.length; a++) {
      correct[a] /= samples.size();
    }
    return new CasReport(names, samples.size(), correct, allRight / (double) samples.size());
  }
}
