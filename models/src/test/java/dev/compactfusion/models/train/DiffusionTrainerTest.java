package dev.compactfusion.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.safetensors.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffusionTrainerTest {
  private static final DiffusionTrainer.Listener QUIET = (step, total, loss, lr) -> {};

  private static TrainSettings settings(int steps, int every) {
    return new TrainSettings(steps, 8, 5, 3e-3f, 5, 1f, 1f, 0.9f, 0.1f, 0.1f, every);
  }

  @Test
  void lossFallsOnATinyImageModel(@TempDir Path dir) throws Exception {
    TrainSettings s = new TrainSettings(60, 16, 5, 3e-3f, 5, 1f, 1f, 0.9f, 0.1f, 0.1f, 60);
    try (DiffusionTrainer trainer = DiffusionTrainer.open(TinyConfigs.image(), s, dir, false)) {
      float before = trainer.heldOutLoss(99);
      DiffusionTrainer.Result result = trainer.run(QUIET);
      float after = trainer.heldOutLoss(99);
      assertThat(after).isLessThan(0.85f * before);
      assertThat(trainer.losses()).hasSize(60);
      assertThat(result.checkpoint()).isDirectory();
      assertThat(dir.resolve("loss.png")).isRegularFile();
      // The checkpoint is also a model directory the rest of the project loads.
      ModelSource source = ModelSource.directory(result.checkpoint());
      assertThat(source.config().name()).isEqualTo("tiny-image");
    }
  }

  @Test
  void resumingFromACheckpointContinuesBitIdentically(@TempDir Path dir) throws Exception {
    ModelConfig config = TinyConfigs.video();
    Map<String, float[]> straight;
    Map<String, float[]> straightEma;
    try (DiffusionTrainer t = DiffusionTrainer.open(config, settings(6, 100), dir.resolve("a"), false)) {
      t.run(QUIET);
      straight = copy(t.weights());
      straightEma = copy(t.emaWeights());
    }
    Path b = dir.resolve("b");
    try (DiffusionTrainer t = DiffusionTrainer.open(config, settings(6, 4), b, false)) {
      // Stop after the checkpoint at step 4, as a killed run would.
      t.run(new DiffusionTrainer.Listener() {
        @Override
        public void stepDone(int step, int total, float loss, float lr) {}

        @Override
        public void checkpointWritten(Path ckpt, int step) {
          if (step == 4) {
            throw new Stop();
          }
        }
      });
    } catch (Stop expected) {
      // the run ended at step 4
    }
    try (DiffusionTrainer t = DiffusionTrainer.open(config, settings(6, 100), b, true)) {
      assertThat(t.startStep()).isEqualTo(4);
      t.run(QUIET);
      Map<String, float[]> resumed = copy(t.weights());
      Map<String, float[]> resumedEma = copy(t.emaWeights());
      for (String name : straight.keySet()) {
        assertThat(resumed.get(name)).as(name).containsExactly(straight.get(name));
        assertThat(resumedEma.get(name)).as("ema " + name).containsExactly(straightEma.get(name));
      }
    }
  }

  @Test
  void refusesToOverwriteARunOrResumeNothing(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> DiffusionTrainer.open(TinyConfigs.image(), settings(2, 1), dir, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no checkpoint");
    try (DiffusionTrainer t = DiffusionTrainer.open(TinyConfigs.image(), settings(2, 1), dir, false)) {
      t.run(QUIET);
    }
    assertThat(Files.readString(dir.resolve("LATEST")).strip()).isEqualTo("ckpt-000002");
    assertThatThrownBy(() -> DiffusionTrainer.open(TinyConfigs.image(), settings(2, 1), dir, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--resume");
    TrainSettings otherSeed = new TrainSettings(4, 8, 6, 3e-3f, 5, 1f, 1f, 0.9f, 0.1f, 0.1f, 1);
    assertThatThrownBy(() -> DiffusionTrainer.open(TinyConfigs.image(), otherSeed, dir, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--seed 5");
  }

  @Test
  void aFreshRunStartsFromGivenWeightsAndAResumeFromItsCheckpoint(@TempDir Path dir) throws Exception {
    ModelConfig config = TinyConfigs.image();
    Map<String, Tensor> start = TrainingInit.weights(config, 77);
    Map<String, float[]> trained;
    try (DiffusionTrainer t = DiffusionTrainer.open(config, settings(2, 2), dir, false, start)) {
      start.forEach((name, w) -> {
        assertThat(t.weights().get(name).toFloatArray()).as(name).containsExactly(w.data());
        assertThat(t.emaWeights().get(name).toFloatArray()).as(name).containsExactly(w.data());
      });
      t.run(QUIET);
      trained = copy(t.weights());
    }
    // The default start (seed 5) differs from seed 77's, so the check above saw the given weights.
    assertThat(TrainingInit.weights(config, 5).get("blocks.0.qkv.weight").data())
        .isNotEqualTo(start.get("blocks.0.qkv.weight").data());
    try (DiffusionTrainer t = DiffusionTrainer.open(config, settings(2, 2), dir, true, start)) {
      trained.forEach((name, w) -> assertThat(t.weights().get(name).toFloatArray()).as(name).containsExactly(w));
    }
  }

  private static Map<String, float[]> copy(Map<String, NDArray> arrays) {
    Map<String, float[]> out = new LinkedHashMap<>();
    arrays.forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }

  private static final class Stop extends RuntimeException {}
}
