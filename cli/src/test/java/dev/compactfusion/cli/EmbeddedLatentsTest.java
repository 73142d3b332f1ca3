package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.models.generate.FamilyOptions;
import dev.compactfusion.models.generate.Generator;
import dev.compactfusion.models.generate.LatentsFile;
import dev.compactfusion.models.generate.TokenGrid;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.media.MediaIO;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import dev.compactfusion.models.safetensors.SafetensorsWriter;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.safetensors.TensorStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --latents} and {@code --save-latents} on the embedded models: the file is the model's
 * token grid [1, T, P] as {@code models} prints it, it replaces the seeded noise (so the seed no
 * longer matters), the saved latents are what the decoder turns into the image, every strategy
 * starts from the same file, and a bad file is one usage line with nothing written.
 */
class EmbeddedLatentsTest {
  private static final ModelConfig IMAGE = ModelSource.embedded("shapes-image").config();
  private static final ModelConfig VIDEO = ModelSource.embedded("shapes-video").config();

  @TempDir Path out;
  @TempDir Path inputs;

  private static void generate(String... args) {
    List<String> all = new ArrayList<>(List.of("generate", "--steps", "2"));
    if (!List.of(args).contains("--prompt")) {
      all.addAll(List.of("--prompt", "red circle"));
    }
    all.addAll(List.of(args));
    Object[] r = StderrCapture.run(all.toArray(String[]::new));
    assertThat(r[0]).as((String) r[1]).isEqualTo(0);
  }

  private Path seedNoise(ModelConfig c, long seed) {
    Path file = inputs.resolve(c.name() + "-s" + seed + ".safetensors");
    LatentsFile.write(file, Generator.initialNoise(c, seed), TokenGrid.of(c));
    return file;
  }

  private static byte[] bytes(Path p) throws Exception {
    return Files.readAllBytes(p);
  }

  @Test
  void theSeedsOwnNoiseAsLatentsIsTheSeededImageWhateverTheSeed() throws Exception {
    Path noise = seedNoise(IMAGE, 5);
    generate("--seed", "5", "--out", out.resolve("seeded.png").toString());
    generate("--seed", "6", "--out", out.resolve("other-seed.png").toString());
    generate("--seed", "9", "--latents", noise.toString(), "--out", out.resolve("file-9.png").toString());
    generate("--seed", "123", "--latents", noise.toString(), "--out", out.resolve("file-123.png").toString());
    // the seed matters without a file, so the equalities below say the file replaced it
    assertThat(bytes(out.resolve("other-seed.png"))).isNotEqualTo(bytes(out.resolve("seeded.png")));
    assertThat(bytes(out.resolve("file-9.png"))).isEqualTo(bytes(out.resolve("seeded.png")));
    assertThat(bytes(out.resolve("file-123.png"))).isEqualTo(bytes(out.resolve("seeded.png")));
  }

  @Test
  void savedLatentsHaveTheShapeModelsPrintsAndDecodeToTheImage() throws Exception {
    Path png = out.resolve("red.png");
    Path saved = out.resolve("red.safetensors");
    generate("--seed", "3", "--out", png.toString(), "--save-latents", saved.toString());
    TensorStore store = MappedSafetensors.open(saved);
    assertThat(store.names()).containsExactly(LatentsFile.NAME);
    assertThat(store.dtype(LatentsFile.NAME)).isEqualTo(DType.F32);
    assertThat(store.shape(LatentsFile.NAME)).containsExactly(1, IMAGE.tokens(), IMAGE.patchDim());
    assertThat(models()).contains("latents (--latents, --save-latents): float32 "
        + Arrays.toString(store.shape(LatentsFile.NAME)));
    float[] tokens = store.tensor(LatentsFile.NAME).data();
    Frames decoded;
    try (DiffusionModel model = DiffusionModel.load(ModelSource.embedded("shapes-image"), FamilyOptions.NONE)) {
      decoded = model.decoder().decode(tokens);
    }
    Frames written = MediaIO.read(png);
    assertThat(written.rgb()).hasSameSizeAs(decoded.rgb());
    for (int i = 0; i < decoded.rgb().length; i++) {
      float expected = Math.max(0f, Math.min(1f, decoded.rgb()[i]));
      assertThat(written.rgb()[i]).as("value %d", i).isCloseTo(expected, offset(0.5f / 255 + 1e-6f));
    }
    // and the saved latents are valid --latents input
    generate("--latents", saved.toString(), "--out", out.resolve("again.png").toString());
  }

  @Test
  void aVideoModelsLatentsAreItsFramesTokenGrid() throws Exception {
    Path saved = out.resolve("video.safetensors");
    generate("--model", "shapes-video", "--prompt", "blue square moving left", "--out",
        out.resolve("v.gif").toString(), "--save-latents", saved.toString());
    assertThat(LatentsFile.read(saved, TokenGrid.of(VIDEO))).hasSize(VIDEO.tokens() * VIDEO.patchDim());
    assertThat(VIDEO.tokens()).isEqualTo(VIDEO.frames() * VIDEO.tokensPerFrame());
    assertThat(models()).contains("float32 [1, " + VIDEO.tokens() + ", " + VIDEO.patchDim() + "], tokens (frame,");
  }

  /**
   * Every worker reads the whole file and keeps its slice: a parallel run starts where serial does
   * (pipefusion with one patch, its exact setting; pipefusion's stage 0 keeps all the latents).
   */
  @ParameterizedTest
  @ValueSource(strings = {"patch", "pipefusion --pipefusion-patches 1"})
  void aParallelRunFromTheSameLatentsEndsWhereSerialDoes(String plan) {
    String[] words = plan.split(" ");
    String strategy = words[0];
    Path noise = seedNoise(IMAGE, 11);
    Path serial = out.resolve("serial.safetensors");
    Path parallel = out.resolve(strategy + ".safetensors");
    generate("--seed", "1", "--latents", noise.toString(), "--out", out.resolve("serial.png").toString(),
        "--save-latents", serial.toString());
    List<String> args = new ArrayList<>(List.of("--seed", "2", "--latents", noise.toString(), "--parallel", strategy,
        "--workers", "2", "--out", out.resolve(strategy + ".png").toString(), "--save-latents", parallel.toString()));
    args.addAll(List.of(words).subList(1, words.length));
    generate(args.toArray(String[]::new));
    float[] a = LatentsFile.read(serial, TokenGrid.of(IMAGE));
    float[] b = LatentsFile.read(parallel, TokenGrid.of(IMAGE));
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    assertThat(worst).isLessThanOrEqualTo(1e-4);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "SHAPE   | has shape [1, 4, 8, 8], this model needs [1, 64, 48]",
    "DTYPE   | 'latents' is F16; expected float32 'latents' [1, 64, 48]",
    "NAME    | no tensor 'latents' (has [noise]); expected float32 'latents' [1, 64, 48]",
    "MISSING | expected float32 'latents' [1, 64, 48]",
    "GARBAGE | expected float32 'latents' [1, 64, 48]",
  })
  void aBadLatentsFileIsOneUsageLineNamingItAndTheShapeAndWritesNothing(String kind, String message)
      throws Exception {
    int values = IMAGE.tokens() * IMAGE.patchDim();
    Path file = inputs.resolve(kind.toLowerCase() + ".safetensors");
    switch (kind) {
      case "SHAPE" -> SafetensorsWriter.write(file, Map.of("latents", new Tensor(new long[] {1, 4, 8, 8},
          new float[256])), DType.F32, Map.of());
      case "DTYPE" -> SafetensorsWriter.write(file, Map.of("latents", new Tensor(TokenGrid.of(IMAGE).shape(),
          new float[values])), DType.F16, Map.of());
      case "NAME" -> SafetensorsWriter.write(file, Map.of("noise", new Tensor(TokenGrid.of(IMAGE).shape(),
          new float[values])), DType.F32, Map.of());
      case "GARBAGE" -> Files.writeString(file, "not a safetensors file");
      default -> { } // MISSING: no file
    }
    Object[] r = StderrCapture.run("generate", "--prompt", "red circle", "--steps", "2", "--latents",
        file.toString(), "--out", out.resolve("x.png").toString(), "--save-latents",
        out.resolve("x.safetensors").toString());
    String err = (String) r[1];
    assertThat(r[0]).as(err).isEqualTo(2);
    assertThat(err).startsWith("error: --latents " + file).contains(message);
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void folderOnlyOptionsAreStillRefusedForEmbeddedModels() {
    Object[] r = StderrCapture.run("generate", "--prompt", "red circle", "--scheduler", "ddim", "--out",
        out.resolve("x.png").toString());
    assertThat(r[0]).isEqualTo(2);
    assertThat((String) r[1]).contains("--class, --scheduler and --guidance-channels need a diffusers DiT folder");
  }

  private static String models() {
    PrintStream old = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run("models")).isZero();
    } finally {
      System.setOut(old);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
