package dev.compactfusion.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.plan.Device;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.models.diffusers.pipeline.PatchLayout;
import dev.compactfusion.models.generate.FamilyOptions;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.LatentsFile;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A non-square PixArt run on the engine's one generation path, against the PyTorch reference
 * (tools/reference/make_pixart_fixtures.py, pixart-aspect): the tiny trunk at sample size 32 with
 * an 8x VAE asked for 176 x 368 (one of the 256 model's aspect-ratio bins), so the latents are
 * 22 x 46 and the transformer sees an 11 x 23 patch grid, 253 tokens. Serial reproduces the
 * reference's final latents and the decoded image's row and column means (which a swapped height
 * and width would not); every exact strategy, at worker counts that split the odd rows and
 * columns unevenly, equals serial.
 */
class PixartAspectRatioTest {
  private static final int STEPS = 4;
  private static final float GUIDANCE = 4.5f;
  private static final int HEIGHT = 176;
  private static final int WIDTH = 368;
  private static final Path OUTPUTS = DitFolders.REFERENCE.resolve("pixart-aspect-outputs.safetensors");
  private static final PatchLayout LAYOUT = new PatchLayout(4, HEIGHT / 8, WIDTH / 8, 2, 8);

  @TempDir static Path dir;
  private static GenerationRequest request;
  private static RunResult serial;

  @BeforeAll
  static void runSerial() throws IOException {
    Path l = Files.createTempFile(dir, "latents-", ".safetensors");
    LatentsFile.write(l, output("aspect.latents"), LAYOUT);
    String folder = DitFolders.REFERENCE.resolve("pixart-aspect").toString();
    request = new GenerationRequest(folder, "", 0, STEPS, GUIDANCE, new FamilyOptions(null, null, null, l.toString(),
        null, PixartPipelineExactnessTest.writeRunEmbeds(dir).toString(), HEIGHT, WIDTH));
    serial = PixartPipelineExactnessTest.run(request, ParallelPlan.serial());
  }

  private static float[] output(String name) {
    return MappedSafetensors.open(OUTPUTS).tensor(name).data();
  }

  @Test
  void serialRunReproducesTheReferenceLatentsAndImage() {
    assertThat(serial.tokens()).hasSize(253 * 16);
    double latents = DitFolders.relative(LAYOUT.unpatchify(serial.tokens()), output("aspect.final"));
    Frames frames = serial.frames();
    assertThat(frames.height()).isEqualTo(HEIGHT);
    assertThat(frames.width()).isEqualTo(WIDTH);
    double rows = DitFolders.maxAbs(means(frames, true), output("aspect.image_row_means"));
    double cols = DitFolders.maxAbs(means(frames, false), output("aspect.image_col_means"));
    System.out.printf("PixArt %dx%d serial: latents %.2e relative, image row means %.2e, column means %.2e%n",
        HEIGHT, WIDTH, latents, rows, cols);
    assertThat(latents).isLessThanOrEqualTo(1e-4);
    assertThat(rows).isLessThanOrEqualTo(1e-4);
    assertThat(cols).isLessThanOrEqualTo(1e-4);
  }

  /** [3, H] row means or [3, W] column means of an RGB frame stored (row, col, channel). */
  private static float[] means(Frames frames, boolean byRow) {
    int h = frames.height();
    int w = frames.width();
    float[] rgb = frames.rgb();
    int n = byRow ? h : w;
    double[] sums = new double[3 * n];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          sums[c * n + (byRow ? y : x)] += rgb[(y * w + x) * 3 + c];
        }
      }
    }
    float[] out = new float[sums.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (sums[i] / (byRow ? w : h));
    }
    return out;
  }

  static Stream<Arguments> plans() {
    return Stream.of(Arguments.of("patch", 2, 0, 0, false), Arguments.of("patch", 3, 0, 0, false),
        Arguments.of("patch", 4, 0, 0, false), Arguments.of("ring", 3, 0, 0, false),
        Arguments.of("ring", 4, 0, 0, false), Arguments.of("ulysses", 2, 0, 0, false),
        Arguments.of("usp", 4, 2, 2, false), Arguments.of("serial", 2, 0, 0, true));
  }

  @ParameterizedTest(name = "{0} x{1} u={2} r={3} cfg={4}")
  @MethodSource("plans")
  void everyExactStrategyEqualsSerial(String strategy, int workers, int ulysses, int ring, boolean cfg) {
    ParallelPlan plan = ParallelPlan.of(Strategy.parse(strategy), workers, ulysses, ring, cfg,
        ParallelPlan.Compression.NONE);
    RunResult result = PixartPipelineExactnessTest.run(request, plan);
    double latents = DitFolders.relative(result.tokens(), serial.tokens());
    double pixels = DitFolders.maxAbs(result.frames().rgb(), serial.frames().rgb());
    System.out.printf("PixArt %dx%d %s x%d u=%d r=%d cfg=%s vs serial: latents %.2e relative, pixels %.2e%n", HEIGHT,
        WIDTH, strategy, workers, ulysses, ring, cfg, latents, pixels);
    assertThat(latents).isLessThanOrEqualTo(1e-4);
    assertThat(pixels).isLessThanOrEqualTo(1e-4);
  }

  @Test
  void pipeFusionOnTwoStagesEqualsSerial() {
    ParallelPlan plan = new ParallelPlan(Strategy.PIPEFUSION, 2, ParallelPlan.SequenceGroups.DERIVED, false,
        ParallelPlan.Compression.parse("none", "ef", 1), Device.CPU, 1);
    double latents = DitFolders.relative(PixartPipelineExactnessTest.run(request, plan).tokens(), serial.tokens());
    System.out.printf("PixArt %dx%d %s vs serial: latents %.2e relative%n", HEIGHT, WIDTH, plan.label(), latents);
    assertThat(latents).isLessThanOrEqualTo(1e-4);
  }
}
