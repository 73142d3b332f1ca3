package dev.compactfusion.engine.run;

import dev.compactfusion.models.diffusers.pipeline.PatchLayout;
import dev.compactfusion.models.generate.LatentsFile;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import dev.compactfusion.models.safetensors.TensorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The models module's tiny DiTPipeline reference folder and outputs (tools/reference/make_fixtures.py),
 * read in place from the repository: 2 blocks, 2 heads, latents [4, 8, 8] → 16 tokens, images 16x16.
 */
final class DitFolders {
  static final Path REFERENCE = Path.of("..", "models", "src", "test", "resources", "reference").toAbsolutePath()
      .normalize();
  static final PatchLayout LAYOUT = new PatchLayout(4, 8, 2, 8);

  private DitFolders() {}

  static String tiny() {
    return REFERENCE.resolve("dit-tiny").toString();
  }

  static float[] output(String name) {
    TensorStore store = MappedSafetensors.open(REFERENCE.resolve("outputs.safetensors"));
    return store.tensor(name).data();
  }

  /** Batch row {@code row} of a [2, 4, 8, 8] reference tensor. */
  static float[] row(String name, int row) {
    float[] all = output(name);
    int n = LAYOUT.latentValues();
    return Arrays.copyOfRange(all, row * n, (row + 1) * n);
  }

  /** Row {@code row} of the reference's sample latents as a --latents file in {@code dir}. */
  static String latentsFile(Path dir, int row) {
    try {
      Path file = Files.createTempFile(dir, "latents-" + row + "-", ".safetensors");
      LatentsFile.write(file, row("sample.latents", row), LAYOUT);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Largest absolute difference relative to the expected values' largest magnitude. */
  static double relative(float[] actual, float[] expected) {
    double scale = 0;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    return maxAbs(actual, expected) / scale;
  }

  static double maxAbs(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new AssertionError(actual.length + " values, expected " + expected.length);
    }
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      worst = Math.max(worst, Math.abs((double) actual[i] - expected[i]));
    }
    return worst;
  }
}
