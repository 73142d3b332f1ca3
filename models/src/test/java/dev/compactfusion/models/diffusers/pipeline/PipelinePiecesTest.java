package dev.compactfusion.models.diffusers.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.models.diffusers.scheduler.Guidance;
import dev.compactfusion.models.generate.LatentsFile;
import dev.compactfusion.models.sampling.Noise;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token layout, channel-wise guidance and label matching the DiT family's engine runs rely on. */
class PipelinePiecesTest {
  private static final PatchLayout LAYOUT = new PatchLayout(4, 8, 2, 8);

  @TempDir Path dir;

  /** Non-square latents (6 rows x 10 columns): tokens run row-major over the 3 x 5 patch grid. */
  @Test
  void patchifyOfNonSquareLatentsKeepsRowsAndColumnsApart() {
    PatchLayout wide = new PatchLayout(4, 6, 10, 2, 8);
    assertThat(wide.tokens()).isEqualTo(15);
    assertThat(wide.shape()).containsExactly(1, 4, 6, 10);
    float[] latents = Noise.gaussian(5, wide.latentValues());
    float[] tokens = wide.patchify(latents);
    assertThat(wide.unpatchify(tokens)).containsExactly(latents);
    // token (patch row 1, patch col 2), channel 3, pixel (1, 0) of the patch = latent [3, 3, 4]
    int token = 1 * 5 + 2;
    assertThat(tokens[token * wide.valuesPerToken() + 3 * 4 + 1 * 2]).isEqualTo(latents[(3 * 6 + 3) * 10 + 4]);
    assertThatThrownBy(() -> new PatchLayout(4, 6, 9, 2, 8)).hasMessageContaining("6 x 9");
  }

  @Test
  void patchifyIsAPermutationInTheTransformersOrder() {
    float[] latents = Noise.gaussian(3, LAYOUT.latentValues());
    float[] tokens = LAYOUT.patchify(latents);
    assertThat(LAYOUT.unpatchify(tokens)).containsExactly(latents);
    // token (patch row 1, patch col 2), channel 3, pixel (1, 0) of the patch = latent [3, 3, 4]
    int token = 1 * LAYOUT.cols() + 2;
    assertThat(tokens[token * LAYOUT.valuesPerToken() + 3 * 4 + 1 * 2]).isEqualTo(latents[(3 * 8 + 3) * 8 + 4]);
    assertThat(LAYOUT.channelOf(token * LAYOUT.valuesPerToken() + 3 * 4 + 2)).isEqualTo(3);
  }

  @Test
  void noiseTakesTheFirstChannelsOfOutputPatchesOrderedRowColChannel() {
    int n = 2;
    float[] out = new float[n * 4 * 8];
    for (int t = 0; t < n; t++) {
      for (int q = 0; q < 4; q++) {
        for (int c = 0; c < 8; c++) {
          out[t * 32 + q * 8 + c] = 100 * t + 10 * c + q;
        }
      }
    }
    float[] eps = LAYOUT.noise(out, 0, n);
    assertThat(eps).hasSize(n * 16);
    assertThat(eps[16 + 2 * 4 + 3]).isEqualTo(100 + 20 + 3); // token 1, channel 2, pixel 3
    for (float v : eps) {
      assertThat(v % 100).as("no learned-variance channel (4..7)").isLessThan(40);
    }
  }

  @Test
  void guidanceSparesTheChannelsTheRuleLeavesOutAndScaleOneIsConditionalOnly() {
    float[] cond = new float[16];
    float[] uncond = new float[16];
    java.util.Arrays.fill(cond, 2f);
    java.util.Arrays.fill(uncond, 1f);
    float[] three = new PatchGuidance(Guidance.originalRepository(4, 4), LAYOUT).combine(cond, uncond);
    assertThat(three[0]).isEqualTo(5f);
    assertThat(three[15]).isEqualTo(2f); // channel 3 keeps the conditional ε
    assertThat(new PatchGuidance(Guidance.diffusers(4, 4), LAYOUT).combine(cond, uncond)[15]).isEqualTo(5f);
    assertThat(new PatchGuidance(Guidance.diffusers(1, 4), LAYOUT).combine(cond, uncond)).containsOnly(2f);
  }

  @Test
  void labelsMatchAnySynonymInAnyCaseAndSuggestTheClosest() throws Exception {
    Path index = dir.resolve("model_index.json");
    Files.writeString(index, "{\"_class_name\": \"DiTPipeline\", \"id2label\": {\"1\": \"goldfish, Carassius auratus\","
        + " \"207\": \"golden retriever\", \"134\": \"crane\", \"517\": \"crane\"}}");
    ImageNetLabels labels = ImageNetLabels.read(index);
    assertThat(labels.classOf("  Carassius   AURATUS ")).isEqualTo(1);
    assertThat(labels.classOf("golden retriever")).isEqualTo(207);
    assertThat(labels.name(1)).isEqualTo("goldfish");
    assertThat(labels.name(5)).isEqualTo("class 5");
    assertThatThrownBy(() -> labels.classOf("golden retreiver"))
        .hasMessageStartingWith("unknown label 'golden retreiver'; closest: 207 (golden retriever)");
    assertThatThrownBy(() -> labels.classOf("crane")).hasMessageContaining("names classes 134 (crane); 517 (crane)");
    // What a server offers as prompts: one name per class that names only it, in class order.
    assertThat(labels.promptNames(1000)).containsExactly("goldfish", "golden retriever");
    assertThat(labels.promptNames(200)).containsExactly("goldfish");
  }

  @Test
  void latentsOfAnotherShapeAreRefusedNamingBoth() {
    Path file = dir.resolve("l.safetensors");
    LatentsFile.write(file, new float[4 * 16 * 16], new PatchLayout(4, 16, 2, 8));
    assertThatThrownBy(() -> LatentsFile.read(file, LAYOUT))
        .hasMessageContaining("has shape [1, 4, 16, 16], this model needs [1, 4, 8, 8]");
  }
}
