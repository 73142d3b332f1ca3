package dev.compactfusion.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.pool.WarmPool;
import dev.compactfusion.engine.worker.GenerationJob;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page at {@code /} in a real headless chromium, through {@code scripts/web-page-check.sh}
 * against a server in this JVM (a threads pool on the embedded default model): the page must
 * submit its prompt, follow the events, show the image and its stats, and the screenshot must be
 * a PNG. Skipped, with the reason, where chromium is not installed.
 */
class WebPageCheckTest {
  @TempDir Path out;

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && List.of(path.split(File.pathSeparator)).stream()
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  @Test
  void thePageShowsAGeneratedImageWithItsStatsInHeadlessChromium() throws Exception {
    assumeTrue(onPath("chromium"), "chromium is not installed (apt-get install -y chromium): web page check skipped");
    Path script = Path.of("..", "scripts", "web-page-check.sh").toAbsolutePath().normalize();
    assertThat(script).isExecutable();
    ServedModel model = Served.defaultModel();
    try (WarmPool pool = WarmPool.start(new GenerationJob(model.warmup(),
        ParallelPlan.serial()), LaunchOptions.threads(Duration.ofSeconds(60)));
        ImageServer server = ImageServer.listen("127.0.0.1", 0, model, 4, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      server.ready(List.of(ImageBackend.of(pool)));
      Process check = new ProcessBuilder(script.toString(), "--url", "http://127.0.0.1:" + server.port(),
          "--out", out.toString(), "--prompt", "blue square", "--steps", "4").redirectErrorStream(true).start();
      boolean ended = check.waitFor(400, TimeUnit.SECONDS);
      String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!ended) {
        check.destroyForcibly();
      }
      assertThat(ended).as("the check ended within 400 s: %s", output).isTrue();
      assertThat(check.exitValue()).as(output).isZero();
      // The progress the page showed live, from the events stream, then the stats of the image.
      assertThat(output).containsPattern("states shown: .*step [1-4]/4").contains("done: 1 in")
          .contains("strategy: serial").contains("steps: 4").contains("seed: 1").contains("web-page-check: images 1")
          .contains("history: \"blue square\" seed 1, 4 steps");
      String dom = Files.readString(out.resolve("page.html"));
      assertThat(dom).contains("data-state=\"done\"").contains("<img src=\"data:image/png;base64,");
      BufferedImage shot = ImageIO.read(out.resolve("web-page.png").toFile());
      assertThat(shot).as("the screenshot is a PNG").isNotNull();
      assertThat(shot.getWidth()).isEqualTo(900);
      // One page load: one job, followed through the events stream.
      assertThat(server.metrics()).contains("compactfusion_jobs_total{status=\"succeeded\"} 1\n")
          .contains("compactfusion_http_requests_total{path=\"/v1/jobs/{id}/events\",code=\"200\"} 1\n");
    }
  }
}
