package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.models.diffusers.pipeline.PatchLayout;
import dev.compactfusion.models.diffusers.pipeline.PromptEmbeds;
import dev.compactfusion.models.generate.LatentsFile;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.media.MediaIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code generate --model DIR} and {@code encode-prompt} on the models module's tiny
 * PixArtAlphaPipeline reference folder: a PNG from a prompt with the pipeline's defaults, the
 * same latents from an embeddings file on Ulysses, the truncation warning, and every bad input a
 * one-line usage error with nothing written.
 */
class PixartFolderGenerateTest {
  private static final Path REFERENCE = Path.of("..", "models", "src", "test", "resources", "reference")
      .toAbsolutePath().normalize();
  private static final String TINY = REFERENCE.resolve("pixart-tiny").toString();
  private static final PatchLayout LAYOUT = new PatchLayout(4, 8, 2, 8);

  @TempDir Path out;
  @TempDir Path inputs;

  private static Object[] stdoutAndCode(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Object[] result = StderrCapture.run(args);
      return new Object[] {result[0], result[1], captured.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void generatesAPngWithThePipelinesDefaults() throws Exception {
    Path png = out.resolve("cat.png");
    Object[] r = stdoutAndCode("generate", "--model", TINY, "--prompt", "a red cat", "--out", png.toString());
    assertThat(r[0]).as((String) r[1]).isEqualTo(0);
    Frames f = MediaIO.read(png);
    assertThat(f.width()).isEqualTo(16);
    assertThat(f.height()).isEqualTo(16);
    assertThat((String) r[2]).contains("wrote " + png, "\"a red cat\" (dpm-solver++)", "20 steps");
  }

  /**
   * --height/--width draw one of the model's aspect-ratio bins (the sample-size-32 folder has the
   * 256 model's): the PNG has that size and its run line says it; any other size, and any size
   * for a model that draws only its own, is a usage error with nothing written.
   */
  @Test
  void heightAndWidthDrawAnAspectRatioBinAndRefuseOtherSizes() throws Exception {
    String aspect = REFERENCE.resolve("pixart-aspect").toString();
    Path embeds = inputs.resolve("cat.safetensors");
    Object[] e = stdoutAndCode("encode-prompt", "--model", TINY, "--prompt", "a red cat", "--out", embeds.toString());
    assertThat(e[0]).as((String) e[1]).isEqualTo(0);
    Path png = out.resolve("wide.png");
    Object[] r = stdoutAndCode("generate", "--model", aspect, "--prompt-embeds", embeds.toString(), "--height", "176",
        "--width", "368", "--steps", "2", "--parallel", "patch", "--workers", "3", "--out", png.toString());
    assertThat(r[0]).as((String) r[1]).isEqualTo(0);
    Frames f = MediaIO.read(png);
    assertThat(f.height()).isEqualTo(176);
    assertThat(f.width()).isEqualTo(368);
    assertThat((String) r[2]).contains("wrote " + png, "176x368");

    Path refused = out.resolve("refused.png");
    Object[] bad = stdoutAndCode("generate", "--model", aspect, "--prompt-embeds", embeds.toString(), "--height", "200",
        "--width", "368", "--out", refused.toString());
    assertThat(bad[0]).isEqualTo(2);
    assertThat((String) bad[1]).contains("200x368 is not one of pixart-aspect's sizes", "nearest aspect ratio is",
        "allowed: 128x512,").doesNotContain("\tat ");
    assertThat(refused).doesNotExist();
    Object[] square = stdoutAndCode("generate", "--model", TINY, "--prompt", "a red cat", "--width", "32", "--out",
        refused.toString());
    assertThat(square[0]).isEqualTo(2);
    assertThat((String) square[1]).contains("draws only 16x16");
    Object[] embedded = stdoutAndCode("generate", "--prompt", "red circle", "--height", "1024", "--out",
        refused.toString());
    assertThat(embedded[0]).isEqualTo(2);
    assertThat((String) embedded[1]).contains("draws only", "drop --height/--width");
    assertThat(refused).doesNotExist();
  }

  @Test
  void encodedPromptOnUlyssesGivesTheSerialPromptsLatents() throws Exception {
    Path embeds = inputs.resolve("cat.safetensors");
    Object[] e = stdoutAndCode("encode-prompt", "--model", TINY, "--prompt", "a red cat", "--negative-prompt", "blue",
        "--out", embeds.toString());
    assertThat(e[0]).as((String) e[1]).isEqualTo(0);
    assertThat((String) e[2]).contains("wrote " + embeds, "120 tokens x 32 channels");
    Path serial = out.resolve("serial.safetensors");
    Path ulysses = out.resolve("ulysses.safetensors");
    Object[] a = stdoutAndCode("generate", "--model", TINY, "--prompt", "a red cat", "--negative-prompt", "blue",
        "--steps", "3", "--out", out.resolve("a.png").toString(), "--save-latents", serial.toString());
    Object[] b = stdoutAndCode("generate", "--model", TINY, "--prompt-embeds", embeds.toString(), "--steps", "3",
        "--parallel", "ulysses", "--workers", "2", "--out", out.resolve("b.png").toString(), "--save-latents",
        ulysses.toString());
    assertThat(a[0]).as((String) a[1]).isEqualTo(0);
    assertThat(b[0]).as((String) b[1]).isEqualTo(0);
    assertThat((String) b[2]).contains("embeddings cat.safetensors", "ulysses2");
    float[] x = LatentsFile.read(serial, LAYOUT);
    float[] y = LatentsFile.read(ulysses, LAYOUT);
    double worst = 0;
    double scale = 0;
    for (int i = 0; i < x.length; i++) {
      worst = Math.max(worst, Math.abs(x[i] - y[i]));
      scale = Math.max(scale, Math.abs(x[i]));
    }
    assertThat(worst / scale).isLessThanOrEqualTo(1e-4);
    // another negative prompt is another image
    Object[] c = stdoutAndCode("generate", "--model", TINY, "--prompt", "a red cat", "--steps", "3", "--out",
        out.resolve("c.png").toString(), "--save-latents", out.resolve("c.safetensors").toString());
    assertThat(c[0]).as((String) c[1]).isEqualTo(0);
    assertThat(LatentsFile.read(out.resolve("c.safetensors"), LAYOUT)).isNotEqualTo(x);
  }

  @Test
  void aPromptBeyondTheTokenLimitIsCutWithOneWarning() {
    String prompt = String.join(" ", Collections.nCopies(125, "red")) + " cat";
    Object[] r = stdoutAndCode("generate", "--model", TINY, "--prompt", prompt, "--steps", "1", "--out",
        out.resolve("long.png").toString());
    assertThat(r[0]).as((String) r[1]).isEqualTo(0);
    assertThat(((String) r[1]).lines().filter(l -> l.startsWith("warning:")))
        .containsExactly("warning: --prompt is longer than the 120 tokens the model reads; dropped: \"red red red red"
            + " red red cat\"");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--prompt-embeds NARROW                    | 'prompt_embeds' is F32 [1, 120, 16], this model needs F32 [1, 120, 32]",
    "--prompt-embeds MISSING                   | --prompt-embeds",
    "--prompt-embeds GOOD --prompt cat         | --prompt-embeds replaces --prompt and --negative-prompt",
    "--prompt cat --class 1                    | --class and --guidance-channels are for DiT folders",
    "--prompt cat --scheduler pndm             | unknown scheduler 'pndm'",
    "--prompt cat --model NOTOKENIZER          | tokenizer: no tokenizer.json",
    "--prompt-embeds GOOD --model SIGMA        | 'prompt_embeds' is F32 [1, 120, 32], this model needs F32 [1, 300, 32]",
    "--prompt cat --parallel ulysses --workers 4 | has 2 attention heads",
    "--model DIT --class 1 --negative-prompt x | --negative-prompt and --prompt-embeds are for text-to-image folders",
  })
  void badInputIsAOneLineUsageErrorAndWritesNothing(String extra, String message) throws Exception {
    Path narrow = inputs.resolve("narrow.safetensors");
    float[] mask = new float[120];
    mask[0] = 1;
    new PromptEmbeds(120, 16, new float[120 * 16], mask, new float[120 * 16], mask).write(narrow);
    Path good = inputs.resolve("good.safetensors");
    new PromptEmbeds(120, 32, new float[120 * 32], mask, new float[120 * 32], mask).write(good);
    Path noTokenizer = copyOfTiny("notokenizer");
    Files.delete(noTokenizer.resolve("tokenizer").resolve("tokenizer.json"));
    Path sigma = copyOfTiny("sigma");
    Path index = sigma.resolve("model_index.json");
    Files.writeString(index, Files.readString(index).replace("PixArtAlphaPipeline", "PixArtSigmaPipeline"));
    List<String> args = new ArrayList<>(List.of("generate", "--model", TINY, "--steps", "2"));
    for (String part : extra.trim().split(" (?=--)")) {
      String[] kv = part.split(" ", 2);
      String value = kv[1].strip().replace("NARROW", narrow.toString()).replace("GOOD", good.toString())
          .replace("MISSING", inputs.resolve("missing.safetensors").toString())
          .replace("NOTOKENIZER", noTokenizer.toString()).replace("SIGMA", sigma.toString())
          .replace("DIT", REFERENCE.resolve("dit-tiny").toString());
      int at = args.indexOf(kv[0]);
      if (at >= 0) {
        args.set(at + 1, value);
      } else {
        args.add(kv[0]);
        args.add(value);
      }
    }
    args.addAll(List.of("--out", out.resolve("x.png").toString()));
    Object[] r = StderrCapture.run(args.toArray(String[]::new));
    String err = (String) r[1];
    assertThat(r[0]).as(err).isEqualTo(2);
    assertThat(err).startsWith("error: ").contains(message);
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void encodePromptRefusesADitFolderAndWritesNothing() {
    Path target = out.resolve("e.safetensors");
    Object[] r = StderrCapture.run("encode-prompt", "--model", REFERENCE.resolve("dit-tiny").toString(), "--prompt",
        "cat", "--out", target.toString());
    assertThat(r[0]).as((String) r[1]).isEqualTo(2);
    assertThat((String) r[1]).startsWith("error: ").contains("is not a PixArt folder");
    assertThat(out).isEmptyDirectory();
  }

  private Path copyOfTiny(String name) throws Exception {
    Path from = Path.of(TINY);
    Path to = inputs.resolve(name);
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
