package dev.compactfusion.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.pool.WarmPool;
import dev.compactfusion.engine.run.ParallelGeneration;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.media.MediaIO;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/videos/generations} on the embedded video model: the answer's {@code b64_json}
 * is byte for byte the GIF {@code generate} would write for the same request (or, with
 * {@code "output_format": "mp4"}, the MP4), and each model kind's wrong route is a 404 naming the
 * right one.
 */
class ServeVideoTest {
  @Test
  void aVideoModelAnswersWithTheGifAOneShotRunMakes() {
    ServedModel model = Served.model("shapes-video");
    assertThat(model.isVideo()).isTrue();
    LaunchOptions threads = LaunchOptions.threads(Duration.ofSeconds(60));
    try (WarmPool pool = WarmPool.start(new GenerationJob(model.warmup(),
        ParallelPlan.serial()), threads);
        ImageServer server = ImageServer.listen("127.0.0.1", 0, model, 4, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      server.ready(List.of(ImageBackend.of(pool)));
      Http http = new Http(server);
      HttpResponse<String> answer = http.postTo(HttpApi.VIDEOS, "{\"prompt\": \"red circle moving right\", \"seed\": 3}");
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonObject item = JsonParser.parseString(answer.body()).getAsJsonObject().getAsJsonArray("data").get(0)
          .getAsJsonObject();
      assertThat(item.get("format").getAsString()).isEqualTo("gif");
      byte[] gif = Base64.getDecoder().decode(item.get("b64_json").getAsString());
      assertThat(new String(Arrays.copyOf(gif, 6), StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
      RunResult alone = ParallelGeneration.run(model.request("red circle moving right", 3, Served.STEPS,
          model.defaultGuidance()), ParallelPlan.serial(), threads);
      assertThat(alone.frames().frames()).isEqualTo(model.frames());
      assertThat(gif).isEqualTo(MediaIO.gif(alone.frames(), 1));

      HttpResponse<String> asMp4 = http.postTo(HttpApi.VIDEOS,
          "{\"prompt\": \"red circle moving right\", \"seed\": 3, \"output_format\": \"mp4\"}");
      assertThat(asMp4.statusCode()).as(asMp4.body()).isEqualTo(200);
      JsonObject mp4Item = JsonParser.parseString(asMp4.body()).getAsJsonObject().getAsJsonArray("data").get(0)
          .getAsJsonObject();
      assertThat(mp4Item.get("format").getAsString()).isEqualTo("mp4");
      byte[] mp4 = Base64.getDecoder().decode(mp4Item.get("b64_json").getAsString());
      assertThat(new String(Arrays.copyOfRange(mp4, 4, 8), StandardCharsets.US_ASCII)).isEqualTo("ftyp");
      assertThat(mp4).isEqualTo(MediaIO.mp4(alone.frames(), 1));
      HttpResponse<String> webm = http.postTo(HttpApi.VIDEOS, "{\"prompt\": \"red circle\", \"output_format\": \"webm\"}");
      assertThat(webm.statusCode()).isEqualTo(400);
      assertThat(webm.body()).contains("\"param\":\"output_format\"").contains("use gif or mp4");

      HttpResponse<String> wrong = http.post("{\"prompt\": \"red circle\"}");
      assertThat(wrong.statusCode()).isEqualTo(404);
      assertThat(wrong.body()).contains("shapes-video makes videos; use POST " + HttpApi.VIDEOS);
      JsonObject listed = JsonParser.parseString(http.get(HttpApi.MODELS).body()).getAsJsonObject()
          .getAsJsonArray("data").get(0).getAsJsonObject();
      assertThat(listed.get("kind").getAsString()).isEqualTo("video");
      assertThat(listed.get("frames").getAsInt()).isEqualTo(model.frames());
      assertThat(listed.get("route").getAsString()).isEqualTo(HttpApi.VIDEOS);
    }
  }

  @Test
  void anImageModelRefusesTheVideosRouteNamingItsOwn() {
    ServedModel model = Served.defaultModel();
    try (ImageServer server = ImageServer.listen("127.0.0.1", 0, model, 4, null, ImageServer.DEFAULT_BODY_LIMIT)) {
      server.ready(List.of((request, listener) -> {
        throw new AssertionError("no request reaches the pool");
      }));
      HttpResponse<String> wrong = new Http(server).postTo(HttpApi.VIDEOS, "{\"prompt\": \"red circle\"}");
      assertThat(wrong.statusCode()).isEqualTo(404);
      assertThat(wrong.body()).contains("makes images; use POST " + HttpApi.GENERATIONS);
    }
  }
}
