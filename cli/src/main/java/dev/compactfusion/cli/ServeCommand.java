package dev.compactfusion.cli;

import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.pool.WarmPool;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.diffusers.DitPipelineFolder;
import dev.compactfusion.models.diffusers.PipelineFamily;
import dev.compactfusion.models.diffusers.pipeline.ImageNetLabels;
import dev.compactfusion.models.diffusers.pipeline.PatchLayout;
import dev.compactfusion.models.diffusers.pipeline.PipelineSettings;
import dev.compactfusion.models.diffusers.transformer.DitConfig;
import dev.compactfusion.models.family.ModelFamilies;
import dev.compactfusion.models.registry.EmbeddedModels;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.serve.ImageBackend;
import dev.compactfusion.serve.ImageServer;
import dev.compactfusion.serve.PromptWords;
import dev.compactfusion.serve.ServedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code serve}: K warm pools of the plan's workers behind the HTTP API of the serve module. It
 * listens first (so {@code /health} says 503 while the pools warm), starts and warms each pool,
 * then prints "ready on http://..." and serves until SIGTERM or SIGINT (Ctrl-C), which drains:
 * the requests already accepted are answered, new ones get 503, the workers stop, and the command
 * returns 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve image (or video) generations over HTTP (OpenAI images API shape) from warm worker pools.",
        "POST /v1/images/generations (or /v1/videos/generations for a video model), GET/DELETE /v1/jobs/ID,",
        "GET /v1/jobs/ID/events (progress), GET /v1/models, /health, /metrics, and a web page at /;"
            + " see docs/serve.md."})
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
      description = "Where the HTTP server listens (port 0: any free port) (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--model", paramLabel = "NAME|DIR", defaultValue = EmbeddedModels.DEFAULT,
      description = "Embedded model name (image or video), a directory with config.json and model.safetensors,"
          + " or a diffusers DiTPipeline folder (prompts are its ImageNet labels) (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--steps", paramLabel = "N",
      description = "Steps of a request that names none (default: the model's; 50 for a DiT folder).")
  Integer steps;

  @Option(names = "--guidance", paramLabel = "G",
      description = "Guidance of a request that names none (default: the model's; 4 for a DiT folder).")
  Float guidance;

  @Option(names = "--pools", paramLabel = "K", defaultValue = "1",
      description = "Worker pools, each serving one request at a time from the one queue (default: ${DEFAULT-VALUE}).")
  int pools;

  @Option(names = "--queue", paramLabel = "N", defaultValue = "64",
      description = "Requests that may wait for a pool; more are refused with 429 (default: ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--token", paramLabel = "T",
      description = "Bearer token every request but /health must carry (default: none).")
  String token;

  @Mixin ParallelOptions parallel;

  @Mixin VerbosityOptions verbosity;

  @Override
  public Integer call() throws Exception {
    if (pools < 1 || pools > 64) {
      throw new UsageException("--pools must be between 1 and 64, got " + pools);
    }
    if (queue < 1) {
      throw new UsageException("--queue must be at least 1, got " + queue);
    }
    if (token != null && token.isBlank()) {
      throw new UsageException("--token must not be blank; leave it out to serve without one");
    }
    Target target = target();
    ServedModel served = target.served();
    ClusterOptions loopback = ClusterOptions.loopback();
    ParallelPlan plan = parallel.plan(loopback);
    plan.checkFits(served.location(), served.tokens(), target.heads(), target.depth());
    LaunchOptions launch = parallel.launch(loopback, pools);
    if (launch.launcher() == LauncherKind.REMOTE) {
      throw new UsageException("serve starts its own workers: use --launcher threads or procs (remote workers"
          + " started by hand are for generate)");
    }
    if (launch.launcher() == LauncherKind.ENV) {
      if (pools != 1) {
        throw new UsageException("--pools " + pools + " with --launcher env: the cluster launcher's ranks make one "
            + "pool; start one job per pool");
      }
      if (!parallel.placement().rankZero()) {
        // Every rank runs the same serve command; rank 0 serves HTTP, the others are its pool's workers.
        return parallel.serveAsScheduledWorker(launch);
      }
    }
    HostPort at = HostPort.parse(listen);
    ImageServer server = ImageServer.listen(at.host(), at.port(), served, queue, token,
        ImageServer.DEFAULT_BODY_LIMIT);
    List<WarmPool> started = new ArrayList<>();
    try {
      // A one-step image warms the code each request then runs.
      GenerationJob warmup = new GenerationJob(served.warmup(), plan);
      for (int i = 0; i < pools; i++) {
        started.add(WarmPool.start(warmup, launch));
      }
    } catch (RuntimeException e) {
      started.forEach(WarmPool::close);
      server.close();
      throw e;
    }
    List<ImageBackend> backends = new ArrayList<>();
    for (WarmPool pool : started) {
      backends.add(ImageBackend.of(pool));
    }
    CountDownLatch stop = new CountDownLatch(1);
    // A signal handler, not a shutdown hook: hooks run together, and the procs launcher's reaper
    // hook would kill the workers under a request that the drain is waiting for.
    for (String signal : List.of("TERM", "INT")) {
      Signal.handle(new Signal(signal), s -> stop.countDown());
    }
    server.ready(backends);
    System.out.printf("ready on http://%s:%d (%s, %d pool%s of %d worker%s, %s)%n", at.host(), server.port(),
        served.id(), pools, pools == 1 ? "" : "s", plan.workers(), plan.workers() == 1 ? "" : "s", plan.label());
    System.out.flush();
    stop.await();
    System.out.println("draining: answering accepted requests, refusing new ones");
    System.out.flush();
    try {
      server.drain();
    } finally {
      started.forEach(WarmPool::close);
    }
    System.out.println("drained; stopped");
    return 0;
  }

  /** The served model and what the plan must fit: its heads and blocks. */
  private record Target(ServedModel served, int heads, int depth) {}

  private Target target() {
    try {
      if (!ModelFamilies.isDiffusersFolder(model)) {
        return embedded();
      }
      Path dir = Path.of(model);
      return switch (PipelineFamily.of(dir)) {
        case DIT -> ditFolder(dir);
        case PIXART -> throw new UsageException("--model " + model + ": PixArt folders are not served yet (each"
            + " prompt is encoded when the model loads, so a pool would reload per request); use generate");
      };
    } catch (UsageException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private Target embedded() {
    ModelSource source = ModelSource.resolve(model);
    ModelConfig config = source.config();
    int n = checkedSteps(config.sampler().steps());
    float g = checkedGuidance(config.sampler().guidance());
    ServedModel served = new ServedModel(config.name(), model, source.location(), config.imageSize(),
        config.imageSize(), config.frames(), config.tokens(), n, g, PromptWords.of(config.vocabulary()), null);
    return new Target(served, config.heads(), config.depth());
  }

  /**
   * A DiTPipeline folder with diffusers' defaults (50 steps, guidance 4, the folder's scheduler):
   * a request's prompt is one of its labels. The warm-up's settings are checked here, so a step
   * count its scheduler cannot run fails before anything starts.
   */
  private Target ditFolder(Path dir) {
    DitPipelineFolder folder = DitPipelineFolder.open(dir);
    DitConfig config = folder.transformerConfig();
    List<String> labels = ImageNetLabels.read(dir.resolve("model_index.json")).promptNames(config.classes());
    if (labels.isEmpty()) {
      throw new UsageException("--model " + model + ": its model_index.json has no id2label, and a served DiT"
          + " takes its class by label; add the labels or use generate --class N");
    }
    int n = checkedSteps(ModelTarget.DIT_STEPS);
    float g = checkedGuidance(ModelTarget.DIT_GUIDANCE);
    int size = config.sampleSize() << folder.vaeConfig().upsamplings();
    ServedModel served = new ServedModel(ModelTarget.folderName(dir), dir.toString(),
        dir.toString(), size, size, 1, PatchLayout.of(config).tokens(), n, g, PromptWords.labels(labels), null);
    PipelineSettings.resolve(folder, served.request(labels.get(0), 0, n, g));
    return new Target(served, config.heads(), config.layers());
  }

  private int checkedSteps(int fallback) {
    int n = steps == null ? fallback : steps;
    if (n < 1 || n > 10_000) {
      throw new UsageException("--steps must be between 1 and 10000, got " + n);
    }
    return n;
  }

  private float checkedGuidance(float fallback) {
    float g = guidance == null ? fallback : guidance;
    if (!(g >= 0) || Float.isInfinite(g)) {
      throw new UsageException("--guidance must be a finite number >= 0, got " + g);
    }
    return g;
  }

  /** The server's address as given. */
  record HostPort(String host, int port) {
    static HostPort parse(String address) {
      int colon = address.lastIndexOf(':');
      if (colon <= 0) {
        throw new UsageException("--listen needs HOST:PORT, e.g. 127.0.0.1:8080, got '" + address + "'");
      }
      try {
        int port = Integer.parseInt(address.substring(colon + 1));
        if (port < 0 || port > 65535) {
          throw new UsageException("--listen port must be 0..65535, got " + port);
        }
        return new HostPort(address.substring(0, colon), port);
      } catch (NumberFormatException e) {
        throw new UsageException("--listen needs a numeric port, got '" + address + "'");
      }
    }
  }
}
