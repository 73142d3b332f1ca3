package dev.compactfusion.cli;

import dev.compactfusion.models.classify.Classifier;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.config.ModelKind;
import dev.compactfusion.models.data.Direction;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.eval.CasReport;
import dev.compactfusion.models.eval.Conditions;
import dev.compactfusion.models.eval.KeyRecorder;
import dev.compactfusion.models.eval.SampleGrid;
import dev.compactfusion.models.eval.SampleScoring;
import dev.compactfusion.models.eval.TemporalRedundancy;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.media.MediaIO;
import dev.compactfusion.models.registry.EmbeddedModels;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.sampling.StepListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eval}: sample quality of a shapes model, measured by the procedural-data classifier. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
        "Generate K samples spread over the model's vocabulary and report how often the classifier of "
            + "the procedural data agrees with the prompt (CAS), per attribute (colour, shape, motion).",
        "Also reports the adjacent-step cosine similarity of one layer's keys (temporal redundancy)."})
public final class EvalCommand implements Callable<Integer> {
  @Option(names = "--model", defaultValue = EmbeddedModels.DEFAULT, paramLabel = "NAME|DIR",
      description = "embedded model name or model directory (default ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--samples", required = true, paramLabel = "K", description = "samples to generate and score")
  int samples;

  @Option(names = "--steps", description = "Euler steps (default: the model's)")
  Integer steps;

  @Option(names = "--guidance", description = "classifier-free guidance scale (default: the model's)")
  Float guidance;

  @Option(names = "--seed", defaultValue = "0", description = "seed of the condition order and noise (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--classifier", paramLabel = "FILE",
      description = "classifier weights (default: the embedded one for the model's kind)")
  Path classifierFile;

  @Option(names = "--grid", paramLabel = "FILE.png",
      description = "also write the first sample of every condition as a grid image "
          + "(needs --samples >= the number of conditions)")
  Path grid;

  @Mixin VerbosityOptions verbosity;

  @Override
  public Integer call() throws Exception {
    if (samples < 1) {
      throw new UsageException("--samples must be >= 1, got " + samples);
    }
    if (classifierFile != null && !Files.isRegularFile(classifierFile)) {
      throw new UsageException("--classifier " + classifierFile + " is not a file");
    }
    ModelSource source = ModelSource.resolve(model);
    ModelConfig config = source.config();
    int n = steps == null ? config.sampler().steps() : steps;
    float g = guidance == null ? config.sampler().guidance() : guidance;
    if (n < 1) {
      throw new UsageException("--steps must be >= 1, got " + n);
    }
    if (!(g >= 0) || Float.isInfinite(g)) {
      throw new UsageException("--guidance must be a finite number >= 0, got " + g);
    }
    try (DiT dit = DiT.load(source);
        Classifier classifier = classifierFile == null ? Classifier.forModel(config) : Classifier.load(classifierFile)) {
      long started = System.nanoTime();
      SampleScoring.Evaluation evaluation = SampleScoring.evaluate(dit, classifier, samples, n, g, seed,
          StepListener.NONE);
      CasReport report = evaluation.report();
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("model %s, %d samples, %d steps, guidance %.2f, seed %d (%.0f s)%n",
          source.location(), samples, n, g, seed, seconds);
      for (String attribute : report.attributes()) {
        System.out.printf("  %-7s accuracy %.3f%n", attribute, report.accuracy(attribute));
      }
      System.out.printf("  all attributes right %.3f%n", report.allCorrect());
      int layer = config.depth() / 2;
      KeyRecorder keys = TemporalRedundancy.record(dit, SampleScoring.plan(config, 1, seed).get(0).prompt(),
          seed, n, g, layer);
      System.out.printf("  adjacent-step cosine of layer %d keys %.4f (mean over %d step pairs, per token)%n",
          layer, TemporalRedundancy.adjacentCosine(keys.keys(), keys.shape()), n - 1);
      if (grid != null) {
        writeGrid(config, evaluation);
      }
    }
    return 0;
  }

  /**
   * The first sample of each condition. Image: a row per colour, a column per shape. Video: a row
   * per colour and shape, a column per direction, each clip a filmstrip.
   */
  private void writeGrid(ModelConfig config, SampleScoring.Evaluation evaluation) {
    List<Frames> cells = evaluation.onePerCondition(config);
    if (cells == null) {
      System.out.println("  no grid: --samples " + samples + " does not cover all "
          + Conditions.all(config).size() + " conditions");
      return;
    }
    int columns = config.kind() == ModelKind.VIDEO ? Direction.values().length : 4;
    MediaIO.write(grid, SampleGrid.render(cells, columns), config.kind() == ModelKind.VIDEO ? 2 : 3);
    System.out.println("  grid of " + cells.size() + " conditions: " + grid);
  }
}
