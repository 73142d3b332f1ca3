package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEvalCommandTest {
  @TempDir Path dir;

  private static Object[] run(String... args) {
    return StderrCapture.run(args);
  }

  @Test
  void trainRejectsAMissingConfigAndResumingNothing() throws Exception {
    Object[] missing = run("train", "--model-config", dir.resolve("none.json").toString(), "--steps", "5",
        "--out", dir.resolve("run").toString());
    assertThat(missing[0]).isEqualTo(2);
    assertThat((String) missing[1]).contains("is not a file");

    Path config = dir.resolve("tiny.json");
    Files.writeString(config, """
        {"name": "tiny", "kind": "image", "image_size": 16, "patch_size": 4, "width": 16, "depth": 1,
         "heads": 2, "mlp_ratio": 2.0,
         "vocabulary": {"attributes": [
           {"name": "colour", "words": ["red", "green", "blue", "yellow", "magenta", "cyan"]},
           {"name": "shape", "words": ["circle", "square", "triangle", "cross"]}]},
         "sampler": {"steps": 2, "guidance": 2.0}}
        """);
    Object[] resume = run("train", "--model-config", config.toString(), "--steps", "5", "--resume",
        "--out", dir.resolve("run").toString());
    assertThat(resume[0]).isEqualTo(2);
    assertThat((String) resume[1]).contains("has no checkpoint");
    assertThat(dir.resolve("run").resolve("LATEST")).doesNotExist();

    Object[] zero = run("train", "--model-config", config.toString(), "--steps", "0",
        "--out", dir.resolve("run0").toString());
    assertThat(zero[0]).isEqualTo(2);
    assertThat((String) zero[1]).contains("steps must be >= 1");
  }

  @Test
  void trainRefusesAVocabularyThatCannotNameTheData() throws Exception {
    Path config = dir.resolve("odd.json");
    Files.writeString(config, """
        {"name": "odd", "kind": "image", "image_size": 16, "patch_size": 4, "width": 16, "depth": 1,
         "heads": 2, "mlp_ratio": 2.0,
         "vocabulary": {"attributes": [{"name": "colour", "words": ["red", "green"]}]},
         "sampler": {"steps": 2, "guidance": 2.0}}
        """);
    Object[] r = run("train", "--model-config", config.toString(), "--steps", "2",
        "--out", dir.resolve("run").toString());
    assertThat(r[0]).isEqualTo(2);
    assertThat((String) r[1]).contains("vocabulary cannot name the training data");
  }

  @Test
  void evalRejectsBadOptions() {
    Object[] samples = run("eval", "--samples", "0");
    assertThat(samples[0]).isEqualTo(2);
    assertThat((String) samples[1]).contains("--samples must be >= 1");
    Object[] model = run("eval", "--samples", "2", "--model", "nope");
    assertThat(model[0]).isEqualTo(2);
    assertThat((String) model[1]).contains("no model 'nope'");
    Object[] classifier = run("eval", "--samples", "2", "--classifier", dir.resolve("x").toString());
    assertThat(classifier[0]).isEqualTo(2);
    assertThat((String) classifier[1]).contains("is not a file");
  }
}
