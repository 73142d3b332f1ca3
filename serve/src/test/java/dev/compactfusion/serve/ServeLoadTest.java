package dev.compactfusion.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.pool.WarmPool;
import dev.compactfusion.engine.run.ParallelGeneration;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.media.MediaIO;
import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The CI-size load test: 16 requests from 4 concurrent clients against a threads pool of 2
 * workers on the embedded default model. Every answer is a 200 whose PNG is byte for byte the PNG
 * of the same request run alone through a one-shot run, and the metrics count what happened.
 */
class ServeLoadTest {
  private static final String[] PROMPTS = {"red circle", "blue square", "green triangle", "yellow circle"};
  private static final ParallelPlan RING2 = ParallelPlan.of(Strategy.RING, 2, 0, 0, false,
      ParallelPlan.Compression.parse("none", "ef", 1));

  @Test
  void sixteenRequestsFromFourClientsMatchOneShotRunsAndTheMetricsCountThem() throws Exception {
    ServedModel model = Served.defaultModel();
    LaunchOptions threads = LaunchOptions.threads(Duration.ofSeconds(60));
    GenerationJob warmup = new GenerationJob(model.request("red circle", 0, 1, model.defaultGuidance()), RING2);
    List<String> bodies = new ArrayList<>();
    List<GenerationRequest> expected = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String prompt = PROMPTS[i % PROMPTS.length];
      bodies.add(String.format(Locale.ROOT, "{\"prompt\": \"%s\", \"n\": 1, \"size\": \"%s\", "
          + "\"response_format\": \"b64_json\", \"seed\": %d, \"steps\": %d}", prompt, model.size(), 100 + i,
          Served.STEPS));
      expected.add(model.request(prompt, 100 + i, Served.STEPS, model.defaultGuidance()));
    }
    List<HttpResponse<String>> answers = new ArrayList<>();
    try (WarmPool pool = WarmPool.start(warmup, threads);
        ImageServer server = ImageServer.listen("127.0.0.1", 0, model, 64, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      server.ready(List.of(ImageBackend.of(pool)));
      Http http = new Http(server);
      ExecutorService clients = Executors.newFixedThreadPool(4);
      try {
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (String body : bodies) {
          sent.add(clients.submit(() -> http.post(body)));
        }
        for (Future<HttpResponse<String>> f : sent) {
          answers.add(f.get());
        }
      } finally {
        clients.shutdownNow();
      }
      String metrics = http.get(HttpApi.METRICS).body();
      assertThat(metrics).contains("compactfusion_http_requests_total{path=\"/v1/images/generations\",code=\"200\"} 16\n");
      assertThat(metrics).doesNotContain("path=\"/v1/images/generations\",code=\"5");
      assertThat(metrics).contains("compactfusion_images_total 16\n");
      assertThat(metrics).contains("compactfusion_steps_total " + 16 * Served.STEPS + "\n");
      assertThat(metrics).contains("compactfusion_request_seconds_count 16\n");
      assertThat(metrics).contains("compactfusion_queue_depth 0\n");
      assertThat(metrics).contains("compactfusion_worker_restarts_total 0\n");
    }
    for (int i = 0; i < 16; i++) {
      HttpResponse<String> answer = answers.get(i);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonObject json = JsonParser.parseString(answer.body()).getAsJsonObject();
      byte[] png = Base64.getDecoder().decode(json.getAsJsonArray("data").get(0).getAsJsonObject()
          .get("b64_json").getAsString());
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(image).as("a PNG").isNotNull();
      assertThat(image.getWidth()).isEqualTo(model.width());
      RunResult alone = ParallelGeneration.run(new GenerationJob(expected.get(i), RING2), threads);
      assertThat(png).as("request %d", i).isEqualTo(MediaIO.png(alone.frames(), 1));
      JsonObject stats = json.getAsJsonObject("stats");
      assertThat(stats.get("seed").getAsLong()).isEqualTo(100 + i);
      assertThat(stats.get("prompt").getAsString()).isEqualTo(expected.get(i).prompt());
      assertThat(stats.get("steps").getAsInt()).isEqualTo(Served.STEPS);
      assertThat(stats.get("workers").getAsInt()).isEqualTo(2);
      assertThat(stats.get("bytes_sent").getAsLong()).isEqualTo(alone.stats().bytesSent());
    }
  }
}
