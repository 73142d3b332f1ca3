package dev.compactfusion.perf.latency;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.compactfusion.models.diffusers.format.ConfigFile;
import dev.compactfusion.models.diffusers.t5.T5Config;
import dev.compactfusion.models.diffusers.t5.T5Encoder;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import dev.compactfusion.models.safetensors.ShardedSafetensors;
import dev.compactfusion.models.safetensors.TensorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seconds of one PixArt prompt encode by a T5 encoder folder on disk (the pipeline's batch of two:
 * the empty negative prompt and a 12-token prompt, each padded to 120 tokens), and where the
 * weights' memory is while it runs: anonymous (copied) against file-backed (mapped) resident
 * pages, sampled every 50 ms. Made for {@link RandomT5Folder}'s XXL folder, which is the real
 * encoder's size, but any T5 v1.1 encoder folder works.
 */
public final class T5EncodeBench {
  private static final int TOKENS = PixartStepBench.TEXT_TOKENS;
  private static final int PROMPT_TOKENS = 12;

  private T5EncodeBench() {}

  /** {@code tools t5-encode DIR [TIMED]}. */
  public static int run(String... args) {
    if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
      System.err.println("usage: t5-encode ENCODER_DIR [TIMED_ENCODES >= 1]   (a folder 'tools t5-xxl-folder' wrote,"
          + " or a pipeline's text_encoder/)");
      return 2;
    }
    Path dir = Path.of(args[0]);
    int timed = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    if (!Files.isRegularFile(dir.resolve("config.json")) || timed < 1) {
      System.err.println("t5-encode: " + dir + " has no config.json (write one with 'tools t5-xxl-folder DIR'), or"
          + " TIMED_ENCODES < 1");
      return 2;
    }
    T5Config config = T5Config.read(ConfigFile.read(dir.resolve("config.json")));
    TensorStore store = Files.isRegularFile(dir.resolve("model.safetensors"))
        ? MappedSafetensors.open(dir.resolve("model.safetensors"))
        : ShardedSafetensors.open(dir.resolve(RandomT5Folder.INDEX));
    ResidentSet before = ResidentSet.read();
    AtomicLong maxAnonKb = new AtomicLong();
    Thread sampler = startSampler(maxAnonKb);
    try {
      long loadStart = System.nanoTime();
      try (T5Encoder encoder = T5Encoder.load(config, store); NDManager manager = NDManager.newBaseManager()) {
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        ResidentSet loaded = ResidentSet.read();
        int[][] ids = new int[2][TOKENS];
        int[][] mask = new int[2][TOKENS];
        ids[0][0] = 1; // the empty prompt: its end-of-text token, then padding (id 0)
        mask[0][0] = 1;
        for (int j = 0; j < PROMPT_TOKENS; j++) {
          ids[1][j] = j == PROMPT_TOKENS - 1 ? 1 : 100 + 37 * j;
          mask[1][j] = 1;
        }
        long firstStart = System.nanoTime();
        encode(encoder, manager, ids, mask);
        double first = (System.nanoTime() - firstStart) / 1e9;
        double[] seconds = new double[timed];
        for (int i = 0; i < timed; i++) {
          long start = System.nanoTime();
          encode(encoder, manager, ids, mask);
          seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        RunSeconds runs = new RunSeconds(seconds);
        double flops = flops(config, 2, TOKENS);
        T5Encoder.WeightMemory memory = encoder.memory();
        System.out.printf(Locale.ROOT, "T5 encoder %s: %d layers x %d, fp32, batch 2 x %d tokens, %s%n", dir,
            config.layers(), config.width(), TOKENS, DitXlStepBench.threads());
        System.out.printf(Locale.ROOT, "weights: %.2f GB computed on in the mapped files, %.4f GB copied; load %.1f s%n",
            memory.mappedBytes() / 1e9, memory.copiedBytes() / 1e9, loadSeconds);
        System.out.printf(Locale.ROOT, "first encode (pages the weights in): %.2f s%n", first);
        System.out.printf(Locale.ROOT, "encode: median %.2f s (min %.2f, max %.2f, %d timed after the first)%n",
            runs.median(), runs.min(), runs.max(), timed);
        System.out.printf(Locale.ROOT, "FLOPs per encode: %.1f G; achieved %.1f GFLOP/s%n", flops / 1e9,
            flops / runs.median() / 1e9);
        System.out.println("resident before load: " + before);
        System.out.println("resident after load:  " + loaded);
        System.out.println("resident at the end:  " + ResidentSet.read());
        System.out.printf(Locale.ROOT, "largest anonymous resident set seen (50 ms samples): %.2f GB%n",
            maxAnonKb.get() / 1e6);
        return 0;
      }
    } finally {
      sampler.interrupt();
    }
  }

  private static void encode(T5Encoder encoder, NDManager manager, int[][] ids, int[][] mask) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray h = encoder.encode(scope, ids, mask);
      h.toFloatArray();
    }
  }

  /** 2 × multiply-adds: q, k, v, o and the gated feed-forward per token, QKᵀ and AV per row, every layer. */
  static double flops(T5Config c, int batch, int tokens) {
    double rows = (double) batch * tokens;
    double linear = 2.0 * rows * (4.0 * c.width() * c.innerWidth() + 3.0 * c.width() * c.ffWidth());
    double attention = 2.0 * 2 * batch * (double) tokens * tokens * c.innerWidth();
    return c.layers() * (linear + attention);
  }

  private static Thread startSampler(AtomicLong maxAnonKb) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        maxAnonKb.accumulateAndGet(ResidentSet.read().anonKb(), Math::max);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "resident-set-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
