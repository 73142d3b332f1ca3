package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.models.diffusers.pipeline.PatchLayout;
import dev.compactfusion.models.generate.LatentsFile;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.media.MediaIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code generate --model DIR} on the models module's tiny DiTPipeline reference folder (2 blocks,
 * 16x16 images, seven ImageNet labels in its id2label): a PNG, label prompts, saved latents, and
 * every bad input a one-line usage error with nothing written.
 */
class DitFolderGenerateTest {
  private static final String TINY = Path.of("..", "models", "src", "test", "resources", "reference", "dit-tiny")
      .toAbsolutePath().normalize().toString();

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
  void generatesAPngForAClassIndex() throws Exception {
    Path png = out.resolve("dog.png");
    Object[] r = stdoutAndCode("generate", "--model", TINY, "--class", "1", "--steps", "2", "--out", png.toString());
    assertThat(r[0]).as((String) r[1]).isEqualTo(0);
    Frames f = MediaIO.read(png);
    assertThat(f.width()).isEqualTo(16);
    assertThat(f.height()).isEqualTo(16);
    assertThat((String) r[2]).contains("wrote " + png, "goldfish (class 1, ddim)", "2 steps");
  }

  @Test
  void aLabelSynonymInAnyCaseIsTheSameClassAndSavedLatentsSayIt() throws Exception {
    Path byClass = out.resolve("class.safetensors");
    Path byLabel = out.resolve("label.safetensors");
    Object[] a = stdoutAndCode("generate", "--model", TINY, "--class", "1", "--steps", "2", "--out",
        out.resolve("a.png").toString(), "--save-latents", byClass.toString());
    Object[] b = stdoutAndCode("generate", "--model", TINY, "--prompt", " carassius AURATUS ", "--steps", "2",
        "--parallel", "ring", "--workers", "2", "--out", out.resolve("b.png").toString(), "--save-latents",
        byLabel.toString());
    assertThat(a[0]).as((String) a[1]).isEqualTo(0);
    assertThat(b[0]).as((String) b[1]).isEqualTo(0);
    PatchLayout layout = new PatchLayout(4, 8, 2, 8);
    float[] serial = LatentsFile.read(byClass, layout);
    float[] ring = LatentsFile.read(byLabel, layout);
    double worst = 0;
    for (int i = 0; i < serial.length; i++) {
      worst = Math.max(worst, Math.abs(serial[i] - ring[i]));
    }
    assertThat(worst).isLessThanOrEqualTo(1e-4);
    // saved latents are valid --latents input (here with the other scheduler and the 3-channel rule)
    Object[] c = stdoutAndCode("generate", "--model", TINY, "--class", "1", "--steps", "1", "--latents",
        byClass.toString(), "--scheduler", "dpm-solver++", "--guidance-channels", "3", "--out",
        out.resolve("c.png").toString());
    assertThat(c[0]).as((String) c[1]).isEqualTo(0);
    Object[] d = stdoutAndCode("generate", "--model", TINY, "--class", "1", "--steps", "2", "--latents",
        byClass.toString(), "--scheduler", "euler", "--out", out.resolve("d.png").toString());
    assertThat(d[0]).as((String) d[1]).isEqualTo(0);
    assertThat(out.resolve("d.png")).exists();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--prompt 'golden retreiver'             | unknown label 'golden retreiver'; closest: 207 (golden retriever)",
    "--prompt crane                          | 'crane' names classes 134 (crane); 517 (crane); pick one with --class N",
    "--class 1000                            | --class 1000 is outside 0..999",
    "--class 1 --prompt otter                | give either a label with --prompt or a class with --class, not both",
    "--class 1 --scheduler pndm              | unknown scheduler 'pndm' (one of ddim, dpm-solver++, euler)",
    "--class 1 --guidance-channels 5         | --guidance-channels 5: the model has 4 latent channels",
    "--class 1 --latents SMALL               | has shape [1, 4, 4, 4], this model needs [1, 4, 8, 8]",
    "--class 1 --latents MISSING             | --latents",
    "--model OTHER --class 1                 | a StableDiffusionPipeline folder, not a DiTPipeline",
    "--model shapes-image --prompt 'red circle' --class 1 | need a diffusers DiT folder as --model",
    "--class 1 --out OUT/x.gif               | makes images; use a .png name",
    "--prompt ''                             | DiT is class-conditional",
    "--class 1 --parallel ulysses --workers 4 | has 2 attention heads; --ulysses-degree 4 would leave workers without a head",
  })
  void badInputIsAOneLineUsageErrorAndWritesNothing(String extra, String message) throws Exception {
    Path small = inputs.resolve("small.safetensors");
    LatentsFile.write(small, new float[4 * 4 * 4], new PatchLayout(4, 4, 2, 8));
    Path other = inputs.resolve("other");
    Files.createDirectories(other);
    Files.writeString(other.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionPipeline\"}");
    List<String> args = new ArrayList<>(List.of("generate", "--model", TINY, "--steps", "2"));
    for (String part : extra.trim().split(" (?=--)")) {
      String[] kv = part.split(" ", 2);
      String value = kv[1].replace("'", "").replace("SMALL", small.toString())
          .replace("MISSING", inputs.resolve("missing.safetensors").toString()).replace("OTHER", other.toString())
          .replace("OUT", out.toString());
      int at = args.indexOf(kv[0]);
      if (at >= 0) {
        args.set(at + 1, value);
      } else {
        args.add(kv[0]);
        args.add(value);
      }
    }
    if (!args.contains("--out")) {
      args.addAll(List.of("--out", out.resolve("x.png").toString()));
    }
    Object[] r = StderrCapture.run(args.toArray(String[]::new));
    String err = (String) r[1];
    assertThat(r[0]).as(err).isEqualTo(2);
    assertThat(err).startsWith("error: ").contains(message);
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void modelsNamesTheDitXlCheckpointsAndTheirLicence() {
    Object[] r = stdoutAndCode("models");
    assertThat(r[0]).isEqualTo(0);
    assertThat((String) r[2]).contains("facebook/DiT-XL-2-256 at revision refs/pr/1", "facebook/DiT-XL-2-512",
        "tools/convert/bin_to_safetensors.py DIR", "cc-by-nc-4.0", "3.0 GB");
  }
}
