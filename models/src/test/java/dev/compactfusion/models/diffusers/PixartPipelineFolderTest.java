package dev.compactfusion.models.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.pipeline.PromptEmbeds;
import dev.compactfusion.models.diffusers.t5.T5Tokenizer;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny PixArtAlphaPipeline folder: family detection, the tokenizer (DJL's Hugging Face
 * binding) against the ids the reference's own Unigram encoder recorded, the prompt embeddings
 * against the reference's T5 output, and the one-line errors for folders and files that do not fit.
 */
class PixartPipelineFolderTest {
  private static final int LIMIT = PixartPipelineFolder.ALPHA_TOKENS;
  private static final String PROMPT = "a red cat sitting on the mat";

  @TempDir Path tmp;

  private static int[] row(String name, int row) {
    float[] v = PixartFixtures.values(name);
    int[] out = new int[LIMIT];
    for (int i = 0; i < LIMIT; i++) {
      out[i] = Math.round(v[row * LIMIT + i]);
    }
    return out;
  }

  @Test
  void familyIsTheTransformersConfigs() throws IOException {
    assertThat(PipelineFamily.of(PixartFixtures.folder())).isEqualTo(PipelineFamily.PIXART);
    assertThat(PipelineFamily.of(Fixtures.plain())).isEqualTo(PipelineFamily.DIT);
    // the original PixArt-α uploads name the transformer Transformer2DModel
    Path t = Files.createDirectories(tmp.resolve("old").resolve("transformer"));
    Files.writeString(t.resolve("config.json"), "{\"_class_name\": \"Transformer2DModel\", \"norm_type\":"
        + " \"ada_norm_single\"}");
    assertThat(PipelineFamily.of(tmp.resolve("old"))).isEqualTo(PipelineFamily.PIXART);
  }

  @Test
  void tokenizerGivesTheReferenceIdsAndMasks() {
    try (T5Tokenizer tokenizer = PixartPipelineFolder.open(PixartFixtures.folder()).loadTokenizer()) {
      T5Tokenizer.Tokens empty = tokenizer.encode("");
      T5Tokenizer.Tokens prompt = tokenizer.encode(PROMPT);
      assertThat(empty.ids()).containsExactly(row("run.input_ids", 0));
      assertThat(empty.mask()).containsExactly(row("run.attention_mask", 0));
      assertThat(prompt.ids()).containsExactly(row("run.input_ids", 1));
      assertThat(prompt.mask()).containsExactly(row("run.attention_mask", 1));
      assertThat(prompt.length()).isEqualTo(9);
      // the pipeline lower-cases and strips the text before tokenizing
      assertThat(tokenizer.encode("  A RED Cat sitting ON the mat ").ids()).containsExactly(prompt.ids());
    }
  }

  @Test
  void longPromptIsCutWithEosLastAndTheDroppedPartReported() {
    String words = String.join(" ", java.util.Collections.nCopies(130, "red")) + " circle";
    List<String> warnings = new ArrayList<>();
    try (T5Tokenizer tokenizer = PixartPipelineFolder.open(PixartFixtures.folder()).loadTokenizer()) {
      T5Tokenizer.Tokens t = PromptEmbeds.tokens(tokenizer, words, "--prompt", warnings::add);
      assertThat(t.length()).isEqualTo(LIMIT);
      assertThat(t.ids()[LIMIT - 1]).isEqualTo(T5Tokenizer.EOS);
      assertThat(Arrays.stream(t.ids(), 0, LIMIT - 1).distinct().toArray()).containsExactly(4); // "▁red"
      assertThat(t.mask()).containsOnly(1);
      assertThat(t.dropped()).isEqualTo(String.join(" ", java.util.Collections.nCopies(11, "red")) + " circle");
      assertThat(warnings).singleElement().asString().contains("--prompt is longer than the 120 tokens")
          .contains("red circle");
      assertThat(PromptEmbeds.tokens(tokenizer, PROMPT, "--prompt", warnings::add).dropped()).isEmpty();
      assertThat(warnings).hasSize(1);
    }
  }

  @Test
  void encodedPromptsMatchTheReferenceEmbeddings() {
    PromptEmbeds e = PromptEmbeds.encode(PixartPipelineFolder.open(PixartFixtures.folder()), PROMPT, "", Device.cpu(),
        line -> { });
    float[] all = PixartFixtures.values("run.prompt_embeds");
    int values = LIMIT * 32;
    double negative = Fixtures.relativeError(e.negative(), Arrays.copyOfRange(all, 0, values));
    double prompt = Fixtures.relativeError(e.prompt(), Arrays.copyOfRange(all, values, 2 * values));
    System.out.printf("PixArt prompt embeddings: negative %.2e, prompt %.2e relative%n", negative, prompt);
    assertThat(negative).isLessThanOrEqualTo(1e-4);
    assertThat(prompt).isLessThanOrEqualTo(1e-4);
  }

  @Test
  void embeddingsFileRoundTripsAndBadFilesFailNamingTheFix() throws IOException {
    float[] p = new float[LIMIT * 32];
    float[] mask = new float[LIMIT];
    Arrays.fill(p, 0.5f);
    mask[0] = 1;
    Path file = tmp.resolve("e.safetensors");
    new PromptEmbeds(LIMIT, 32, p, mask, p, mask).write(file);
    PromptEmbeds back = PromptEmbeds.read(file, LIMIT, 32);
    assertThat(back.prompt()).containsExactly(p);
    assertThat(back.negativeMask()).containsExactly(mask);
    assertThat(Files.list(tmp).map(f -> f.getFileName().toString())).containsExactly("e.safetensors");

    assertThatThrownBy(() -> PromptEmbeds.read(file, LIMIT, 16))
        .hasMessageContaining("--prompt-embeds " + file).hasMessageContaining("[1, 120, 32]")
        .hasMessageContaining("needs F32 [1, 120, 16]").hasMessageContaining("encode-prompt");
    assertThatThrownBy(() -> PromptEmbeds.read(file, 300, 32)).hasMessageContaining("needs F32 [1, 300, 32]");
    Path empty = tmp.resolve("masked.safetensors");
    new PromptEmbeds(LIMIT, 32, p, new float[LIMIT], p, mask).write(empty);
    assertThatThrownBy(() -> PromptEmbeds.read(empty, LIMIT, 32)).hasMessageContaining("'prompt_attention_mask' masks"
        + " every token");
    assertThatThrownBy(() -> PromptEmbeds.read(tmp.resolve("missing.safetensors"), LIMIT, 32))
        .hasMessageContaining("--prompt-embeds").hasMessageContaining("encode-prompt");
  }

  @Test
  void missingTokenizerNamesTheFolderAndTheFix() throws IOException {
    Path copy = copyOfTiny();
    Files.delete(copy.resolve("tokenizer").resolve("tokenizer.json"));
    assertThatThrownBy(() -> PixartPipelineFolder.open(copy).loadTokenizer())
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(copy.resolve("tokenizer") + ": no tokenizer.json")
        .hasMessageContaining("save_pretrained").hasMessageContaining("--prompt-embeds");
  }

  /** The Σ folder (tools/reference): 300-token prompts and the SDXL VAE's scaling factor. */
  @Test
  void sigmaFolderPadsPromptsTo300TokensAndReadsItsVaeScale() {
    PixartPipelineFolder sigma = PixartPipelineFolder.open(Fixtures.resource("reference/pixart-sigma-tiny"));
    assertThat(sigma.promptTokens()).isEqualTo(PixartPipelineFolder.SIGMA_TOKENS).isEqualTo(300);
    assertThat(sigma.vaeConfig().scalingFactor()).isEqualTo(0.13025);
    float[] ids = MappedSafetensors.open(Fixtures.resource("reference/pixart-sigma-outputs.safetensors"))
        .tensor("sigma.input_ids").data();
    try (T5Tokenizer tokenizer = sigma.loadTokenizer()) {
      T5Tokenizer.Tokens prompt = tokenizer.encode(PROMPT);
      assertThat(prompt.ids()).hasSize(300);
      for (int j = 0; j < 300; j++) {
        assertThat(prompt.ids()[j]).as("token %d", j).isEqualTo(Math.round(ids[300 + j]));
      }
    }
  }

  private Path copyOfTiny() throws IOException {
    Path from = PixartFixtures.folder();
    Path to = tmp.resolve("pixart");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    return to;
  }
}
