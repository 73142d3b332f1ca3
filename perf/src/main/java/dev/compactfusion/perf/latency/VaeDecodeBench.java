package dev.compactfusion.perf.latency;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.comms.local.LocalCluster;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.engine.launch.TorchThreads;
import dev.compactfusion.engine.vae.ParallelVaeDecoder;
import dev.compactfusion.models.diffusers.vae.AttentionKeys;
import dev.compactfusion.models.diffusers.vae.VaeConfig;
import dev.compactfusion.models.diffusers.vae.VaeDecoder;
import dev.compactfusion.models.diffusers.vae.VaeManifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Seconds of the sd-vae-ft-ema decode (random weights from the published config, no file needed)
 * serially and split by latent rows over 2 and 4 worker threads on the local communicator, each
 * worker holding its own decoder as a worker process would. Every split run is checked against the
 * serial image, so the speed is printed beside its (rounding-only) fidelity cost.
 */
public final class VaeDecodeBench {
  private static final int[] WORKERS = {2, 4};
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private VaeDecodeBench() {}

  /** stabilityai/sd-vae-ft-ema (the VAE bundled with DiT-XL/2): widths 128, 256, 512, 512, two resnets a block. */
  static VaeConfig sdVae() {
    return new VaeConfig(3, 3, 4, List.of(128, 256, 512, 512), 2, 32, VaeConfig.SD_SCALING_FACTOR);
  }

  public static int run(String... args) {
    int resolution;
    int runs;
    int threads;
    try {
      resolution = args.length > 0 ? Integer.parseInt(args[0]) : 256;
      runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
      threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    } catch (NumberFormatException e) {
      return usage();
    }
    if (resolution < 64 || resolution % 8 != 0 || runs < 1 || threads < 1) {
      return usage();
    }
    TorchThreads.configure(threads);
    VaeConfig config = sdVae();
    RandomWeights weights = new RandomWeights("random sd-vae-ft-ema weights",
        VaeManifest.of(config, AttentionKeys.LEGACY).shapes());
    Shape latentShape = new Shape(1, config.latentChannels(), resolution / 8, resolution / 8);
    float[] latents = gaussian(latentShape.size());
    try {
      System.out.printf(Locale.ROOT, "sd-vae-ft-ema random weights, decode of latents %s to %d x %d, fp32, "
          + "intra-op threads per worker: %s, %d cores, 1 warm-up + %d timed runs each%n",
          latentShape, resolution, resolution, TorchThreads.describe(), Runtime.getRuntime().availableProcessors(), runs);
      Decode serial = serial(weights, config, latents, latentShape, runs);
      System.out.printf(Locale.ROOT, "serial:    %s%n", serial.seconds());
      for (int n : WORKERS) {
        Decode split = split(n, weights, config, latents, latentShape, runs);
        System.out.printf(Locale.ROOT, "%d workers: %s, serial ÷ split %.2f, max |pixel − serial| %.2g, "
            + "%.1f MB sent per decode%n", n, split.seconds(), serial.seconds().median() / split.seconds().median(),
            maxAbsDiff(split.image(), serial.image()), split.bytesSent() / 1e6);
      }
      System.out.printf(Locale.ROOT, "peak RSS (every worker's decoder in one process): %s%n", PeakRss.read());
      return 0;
    } catch (Exception e) {
      System.err.println("vae-decode: " + e.getMessage());
      return 1;
    }
  }

  private static int usage() {
    System.err.println("usage: vae-decode [RESOLUTION (multiple of 8, >= 64; default 256) [RUNS >= 1 [THREADS >= 1]]]");
    return 2;
  }

  private record Decode(RunSeconds seconds, float[] image, long bytesSent) {}

  private static Decode serial(RandomWeights weights, VaeConfig config, float[] latents, Shape shape, int runs) {
    try (VaeDecoder vae = VaeDecoder.load(config, weights); NDManager m = NDManager.newBaseManager()) {
      NDArray input = m.create(latents, shape);
      float[] image = decodeOnce(vae, input);
      double[] seconds = new double[runs];
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        image = decodeOnce(vae, input);
        seconds[i] = (System.nanoTime() - start) / 1e9;
      }
      return new Decode(new RunSeconds(seconds), image, 0);
    }
  }

  private static float[] decodeOnce(VaeDecoder vae, NDArray latents) {
    try (NDManager scope = latents.getManager().newSubManager()) {
      NDArray out = vae.decode(latents);
      out.attach(scope);
      return out.toFloatArray();
    }
  }

  /**
   * Each worker thread loads its decoder, then every run starts at a barrier; a run's time is from
   * the barrier until rank 0 holds the whole image. The first run is the warm-up.
   */
  private static Decode split(int workers, RandomWeights weights, VaeConfig config, float[] latents, Shape shape,
      int runs) throws Exception {
    List<Communicator> comms = LocalCluster.create(workers, TIMEOUT);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    CyclicBarrier start = new CyclicBarrier(workers);
    try {
      List<Future<Decode>> done = new ArrayList<>();
      for (int r = 0; r < workers; r++) {
        Communicator comm = comms.get(r);
        done.add(pool.submit(() -> worker(comm, start, weights, config, latents, shape, runs)));
      }
      Decode rank0 = null;
      for (Future<Decode> f : done) {
        try {
          Decode d = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          rank0 = rank0 == null ? d : rank0;
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
      long bytes = comms.stream().mapToLong(c -> c.stats().bytesSent()).sum() / (runs + 1);
      return new Decode(rank0.seconds(), rank0.image(), bytes);
    } finally {
      comms.forEach(Communicator::close);
      pool.shutdownNow();
    }
  }

  private static Decode worker(Communicator comm, CyclicBarrier start, RandomWeights weights, VaeConfig config,
      float[] latents, Shape shape, int runs) throws Exception {
    try (VaeDecoder vae = VaeDecoder.load(config, weights); NDManager m = NDManager.newBaseManager()) {
      ParallelVaeDecoder decoder = new ParallelVaeDecoder(vae, comm);
      NDArray input = m.create(latents, shape);
      double[] seconds = new double[runs];
      float[] image = null;
      for (int i = -1; i < runs; i++) {
        start.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        try (NDManager scope = m.newSubManager()) {
          NDArray out = decoder.decode(input).orElse(null);
          if (out != null) {
            out.attach(scope);
            image = out.toFloatArray();
          }
        }
        if (i >= 0) {
          seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
      }
      return new Decode(new RunSeconds(seconds), image, 0);
    }
  }

  private static float[] gaussian(long n) {
    SplittableRandom random = new SplittableRandom(0);
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }
}
