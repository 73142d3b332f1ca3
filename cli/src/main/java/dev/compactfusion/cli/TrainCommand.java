package dev.compactfusion.cli;

import dev.compactfusion.models.classify.Classifier;
import dev.compactfusion.models.classify.ClassifierTraining;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.data.Dataset;
import dev.compactfusion.models.dit.StagePart;
import dev.compactfusion.models.dit.WeightLayout;
import dev.compactfusion.models.safetensors.SafetensorsFile;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.train.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.compactfusion.models.train.DiffusionTrainer;
import dev.compactfusion.models.train.TrainSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: trains a DiT on the procedural data of its config, resumably. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
        "Train a DiT on the procedural shapes data (rectified flow, AdamW, EMA, condition dropout).",
        "Checkpoints go to --out/ckpt-NNNNNN (each also a model directory: --model DIR works on it);",
        "--out/LATEST names the newest, --out/loss.png plots the loss."})
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--model-config", required = true, paramLabel = "FILE",
      description = "model config.json (kind, size, patch, width, depth, heads, vocabulary)")
  Path modelConfig;

  @Option(names = "--steps", required = true, description = "total optimizer steps")
  int steps;

  @Option(names = "--batch", defaultValue = "32", description = "samples per step (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--seed", defaultValue = "0", description = "seed of data, noise, dropout and init (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "run folder for checkpoints and the loss curve")
  Path out;

  @Option(names = "--resume", description = "continue from the checkpoint --out/LATEST names")
  boolean resume;

  @Option(names = "--lr", defaultValue = "6e-4", description = "peak learning rate (default ${DEFAULT-VALUE})")
  float lr;

  @Option(names = "--lr-floor", defaultValue = "1.0", paramLabel = "F",
      description = "cosine decay after warmup down to F x peak at the last step; 1 keeps the rate "
          + "constant, so a run stopped early equals a shorter run (default ${DEFAULT-VALUE})")
  float lrFloor;

  @Option(names = "--warmup", defaultValue = "200", description = "warmup steps (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--checkpoint-every", defaultValue = "250", paramLabel = "K",
      description = "write a checkpoint every K steps and at the end (default ${DEFAULT-VALUE})")
  int checkpointEvery;

  @Option(names = "--init", paramLabel = "FILE.safetensors",
      description = "start a fresh run from these weights (an earlier run's model.safetensors, fp16 or "
          + "fp32, shaped as --model-config says) instead of the random initialisation; optimizer and "
          + "EMA start fresh; ignored with --resume, whose checkpoint holds the weights")
  Path init;

  @Option(names = "--ema", defaultValue = "0.999", description = "EMA decay of the exported weights (default ${DEFAULT-VALUE})")
  float ema;

  @Option(names = "--classifier", description = "train the CNN classifier of the config's procedural data "
      + "instead of the DiT; writes --out/classifier.safetensors and prints its held-out accuracy")
  boolean classifier;

  @Mixin VerbosityOptions verbosity;

  /** Held-out items come from another seed than training, so none was seen. */
  private static final long HELD_OUT_SEED_OFFSET = 1_000_003;
  private static final int HELD_OUT = 1000;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(modelConfig)) {
      throw new UsageException("--model-config " + modelConfig + " is not a file; pass a config.json");
    }
    ModelConfig config = ModelConfig.load(modelConfig);
    if (classifier) {
      return trainClassifier(config);
    }
    TrainSettings settings = new TrainSettings(steps, batch, seed, lr, Math.min(warmup, steps),
        lrFloor, 1.0f, ema, 0.1f, 0.1f, checkpointEvery);
    try (DiffusionTrainer trainer = DiffusionTrainer.open(config, settings, out, resume,
        resume ? null : startWeights(config))) {
      System.err.printf("training %s: %d tokens, width %d, depth %d; steps %d..%d, batch %d, seed %d -> %s%n",
          config.name(), config.tokens(), config.width(), config.depth(), trainer.startStep() + 1,
          steps, batch, seed, out);
      DiffusionTrainer.Result result;
      try (Progress progress = new Progress(trainer.startStep(), steps)) {
        result = trainer.run(progress);
      }
      System.out.printf("trained %s to step %d: loss %.4f (mean of last 100 steps), %.0f s of training, "
          + "%d step(s) skipped for non-finite gradients; checkpoint %s%n", config.name(), result.step(),
          result.finalLoss(), result.wallSeconds(), result.skippedSteps(), result.checkpoint());
    }
    return 0;
  }

  /** The --init weights, checked against the config's layout; null for a random start. */
  private Map<String, Tensor> startWeights(ModelConfig config) {
    if (init == null) {
      return null;
    }
    if (!Files.isRegularFile(init)) {
      throw new UsageException("--init " + init + " is not a file; pass a model.safetensors");
    }
    return WeightLayout.read(config, StagePart.whole(config.depth()), SafetensorsFile.open(init));
  }

  private int trainClassifier(ModelConfig config) throws Exception {
    if (resume) {
      throw new UsageException("--resume applies to DiT training; a classifier trains in minutes, "
          + "run it again without --resume");
    }
    Dataset data = TrainingData.forConfig(config, seed);
    ClassifierTraining.Settings settings = new ClassifierTraining.Settings(steps, batch, lr, seed);
    long started = System.nanoTime();
    List<Float> losses = new ArrayList<>();
    try (Progress progress = new Progress(0, steps);
        Classifier trained = ClassifierTraining.train(data, settings,
            step -> progress.stepDone(step, steps, losses.get(losses.size() - 1), lr), losses)) {
      Files.createDirectories(out);
      Path file = out.resolve("classifier.safetensors");
      trained.save(file);
      double[] acc = ClassifierTraining.accuracy(trained,
          TrainingData.forConfig(config, seed + HELD_OUT_SEED_OFFSET), HELD_OUT);
      String[] names = {"colour", "shape", "motion"};
      StringBuilder line = new StringBuilder();
      for (int h = 0; h < acc.length; h++) {
        line.append(String.format("%s %.3f  ", names[h], acc[h]));
      }
      System.out.printf("classifier for %s data: %d steps x %d in %.0f s; held-out accuracy (%d unseen "
          + "samples, seed %d): %s%nwrote %s%n", config.name(), steps, batch,
          (System.nanoTime() - started) / 1e9, HELD_OUT, seed + HELD_OUT_SEED_OFFSET, line.toString().strip(), file);
    }
    return 0;
  }

  /** A progress bar on a terminal; a log line every 25 steps otherwise (nohup runs). */
  private static final class Progress implements DiffusionTrainer.Listener, AutoCloseable {
    private static final int LOG_EVERY = 25;
    private final ProgressBar bar;
    private final int total;
    private final long started = System.nanoTime();
    private final int first;
    private double recent = Double.NaN;

    Progress(int done, int total) {
      this.total = total;
      this.first = done;
      this.bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName("train")
          .setInitialMax(total).startsFrom(done, java.time.Duration.ZERO)
          .setStyle(ProgressBarStyle.ASCII).build();
    }

    @Override
    public void stepDone(int step, int totalSteps, float loss, float lr) {
      recent = Double.isNaN(recent) ? loss : 0.98 * recent + 0.02 * loss;
      if (bar != null) {
        bar.stepTo(step);
        bar.setExtraMessage(String.format("loss %.4f", recent));
      } else if (step % LOG_EVERY == 0 || step == total) {
        double perStep = (System.nanoTime() - started) / 1e9 / (step - first);
        System.err.printf("step %d/%d loss %.4f (smoothed %.4f) lr %.2e %.2f s/step, eta %.0f min%n",
            step, total, loss, recent, lr, perStep, perStep * (total - step) / 60);
      }
    }

    @Override
    public void stepSkipped(int step, float loss, double gradientNorm) {
      System.err.printf("warning: step %d skipped (loss %s, gradient norm %s)%n", step, loss, gradientNorm);
    }

    @Override
    public void checkpointWritten(Path dir, int step) {
      if (bar == null) {
        System.err.println("checkpoint " + dir + " (step " + step + ")");
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
