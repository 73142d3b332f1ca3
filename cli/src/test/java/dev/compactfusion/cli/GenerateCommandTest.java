package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.media.MediaIO;
import dev.compactfusion.models.registry.ModelSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenerateCommandTest {
  @TempDir Path dir;

  private static Object[] run(String... args) {
    return StderrCapture.run(args);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--steps 0                        | --steps must be between 1 and 10000",
    "--steps many                     | Invalid value for option '--steps'",
    "--guidance -1                    | --guidance must be a finite number >= 0",
    "--scale 0                        | --scale must be between 1 and 64",
    "--model nope                     | no model 'nope'",
    "--prompt 'purple circle'         | unknown word 'purple'",
    "--out OUT.gif                    | makes images; use a .png name",
    "--model shapes-video             | makes videos; use a .gif or .mp4 name",
    "--out missing/OUT.png            | does not exist; create it first",
    "--bogus                          | Unknown option: '--bogus'",
  })
  void badOptionsExitWithCodeTwoAndOneLineNamingTheProblem(String extra, String message) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("generate", "--prompt", "red circle",
        "--out", dir.resolve("x.png").toString()));
    for (String part : extra.trim().split(" (?=--)")) {
      String[] kv = part.split(" ", 2);
      String value = kv.length > 1 ? kv[1].replace("'", "").replace("OUT", dir.resolve("o").toString()) : null;
      int at = args.indexOf(kv[0]);
      if (at >= 0 && value != null) {
        args.set(at + 1, value);
      } else {
        args.add(kv[0]);
        if (value != null) {
          args.add(value);
        }
      }
    }
    Object[] result = run(args.toArray(String[]::new));
    assertThat(result[0]).isEqualTo(2);
    String err = (String) result[1];
    assertThat(err).startsWith("error: ").contains(message);
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void missingPromptIsAUsageError() {
    assertThat(run("generate", "--out", dir.resolve("x.png").toString())[0]).isEqualTo(2);
  }

  @Test
  void generatesAScaledPngAndStatsJson() throws Exception {
    Path out = dir.resolve("red.png");
    Path stats = dir.resolve("stats.json");
    Object[] result = run("generate", "--prompt", "red circle", "--steps", "2", "--seed", "3", "--scale", "2",
        "--out", out.toString(), "--stats", stats.toString());
    assertThat(result[0]).as((String) result[1]).isEqualTo(0);
    Frames f = MediaIO.read(out);
    assertThat(f.frames()).isEqualTo(1);
    assertThat(f.width()).isEqualTo(64);
    JsonObject s = JsonParser.parseString(Files.readString(stats)).getAsJsonObject();
    assertThat(s.get("strategy").getAsString()).isEqualTo("serial");
    assertThat(s.get("codec").getAsString()).isEqualTo("none");
    assertThat(s.get("workers").getAsInt()).isEqualTo(1);
    assertThat(s.get("steps").getAsInt()).isEqualTo(2);
    assertThat(s.get("bytes_sent").getAsLong()).isZero();
    assertThat(s.get("bytes_raw").getAsLong()).isZero();
    assertThat(s.get("comm_seconds").getAsDouble()).isZero();
    assertThat(s.get("wall_seconds").getAsDouble()).isGreaterThanOrEqualTo(s.get("compute_seconds").getAsDouble())
        .isPositive();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("red.png", "stats.json");
    }
  }

  @Test
  void defaultOutputNameSaysPromptStrategyAndSeed() {
    var image = ModelSource.embedded("shapes-image").config();
    var video = ModelSource.embedded("shapes-video").config();
    assertThat(GenerateCommand.defaultName(new GenerationRequest("m", "Red  circle", 7, 2, 1f), image))
        .isEqualTo("red-circle_serial_s7.png");
    assertThat(GenerateCommand.defaultName(new GenerationRequest("m", "blue square moving left", 1, 2, 1f), video))
        .isEqualTo("blue-square-moving-left_serial_s1.gif");
    assertThat(GenerateCommand.defaultName(new GenerationRequest("m", "", 0, 2, 1f), image))
        .isEqualTo("unconditional_serial_s0.png");
  }

  @Test
  void modelsListsTheTrainedEmbeddedModels() {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("models");
    } finally {
      System.setOut(old);
    }
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("shapes-image (default)", "shapes-video", "trained shapes model", "trained moving-shapes model", "64 tokens", "512 tokens", "1.28 M parameters",
            "colour: red", "motion: left", "--steps 20 --guidance 3.0");
  }
}
