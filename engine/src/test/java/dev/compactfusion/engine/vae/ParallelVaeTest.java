package dev.compactfusion.engine.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.comms.local.LocalCluster;
import dev.compactfusion.comms.transport.CommStats;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.models.diffusers.DitPipelineFolder;
import dev.compactfusion.models.diffusers.vae.VaeConfig;
import dev.compactfusion.models.diffusers.vae.VaeDecoder;
import dev.compactfusion.models.safetensors.MappedSafetensors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The row-split decode on N worker threads over the local communicator equals the serial
 * {@link VaeDecoder#decode(NDArray)} of the models' tiny reference VAE (widths 8, 16, one ×2
 * upsampling, 4 groups).
 */
class ParallelVaeTest {
  private static final Path REFERENCE = Path.of("..", "models", "src", "test", "resources", "reference")
      .toAbsolutePath().normalize();
  private static final Path FOLDER = REFERENCE.resolve("dit-tiny");

  /** The reference's VAE latents [1, 4, 4, 4]: four latent rows, so 4 workers decode one row each. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void vaeLatentsEqualTheSerialDecode(int workers) throws Exception {
    float[] latents = reference("vae.latents");
    Shape shape = new Shape(1, 4, 4, 4);
    Decoded parallel = decode(workers, latents, shape);
    double error = maxAbsDiff(parallel.image(), serial(latents, shape));
    System.out.printf("parallel VAE decode, %d workers, [1, 4, 4, 4]: max abs error %.3g vs serial; bytes sent %s%n",
        workers, error, parallel.bytesByKind());
    assertThat(error).isLessThan(1e-4);
  }

  /** The sampler's latents [2, 4, 8, 8]: a batch of two, and 8 rows over 3 workers (3, 3, 2). */
  @Test
  void unevenBandsOfABatchEqualTheSerialDecode() throws Exception {
    float[] latents = reference("sample.latents");
    Shape shape = new Shape(2, 4, 8, 8);
    double error = maxAbsDiff(decode(3, latents, shape).image(), serial(latents, shape));
    System.out.printf("parallel VAE decode, 3 workers, [2, 4, 8, 8]: max abs error %.3g vs serial%n", error);
    assertThat(error).isLessThan(1e-4);
  }

  /** Every 3×3 convolution sends one row of its input up and one down across each of the N − 1 boundaries. */
  @Test
  void haloSendsOneRowEachWayPerConvolution() throws Exception {
    Decoded d = decode(3, reference("vae.latents"), new Shape(1, 4, 4, 4));
    VaeConfig config = DitPipelineFolder.open(FOLDER).vaeConfig();
    long perBoundary = 2L * Float.BYTES * haloFloats(config, 4);
    assertThat(d.bytesByKind().get(BandExchange.HALO_UP) + d.bytesByKind().get(BandExchange.HALO_DOWN))
        .isEqualTo(2 * perBoundary);
  }

  @Test
  void refusesMoreWorkersThanLatentRows() {
    assertThatThrownBy(() -> decode(5, reference("vae.latents"), new Shape(1, 4, 4, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot split 4 latent rows over 5 workers");
  }

  @Test
  void bandsCoverTheRowsUnevenlyAndScale() {
    assertThat(List.of(RowBand.split(8, 3, 0), RowBand.split(8, 3, 1), RowBand.split(8, 3, 2)))
        .containsExactly(new RowBand(0, 3), new RowBand(3, 6), new RowBand(6, 8));
    assertThat(RowBand.split(8, 3, 2).scaled(8)).isEqualTo(new RowBand(48, 64));
  }

  /**
   * Floats one boundary carries in one direction for a batch of one: the input channels times the
   * row width of every 3×3 convolution, in the order the decoder runs them.
   */
  private static long haloFloats(VaeConfig c, long latentWidth) {
    List<Integer> widths = new ArrayList<>(c.blockOutChannels());
    Collections.reverse(widths);
    long width = latentWidth;
    int channels = widths.get(0);
    long floats = c.latentChannels() * width + 4L * channels * width; // conv_in, the mid block's two resnets
    for (int i = 0; i < widths.size(); i++) {
      for (int j = 0; j <= c.layersPerBlock(); j++) {
        floats += (long) (channels + widths.get(i)) * width;
        channels = widths.get(i);
      }
      if (i < widths.size() - 1) {
        width *= 2;
        floats += (long) channels * width;
      }
    }
    return floats + (long) channels * width; // conv_out
  }

  private record Decoded(float[] image, Map<String, Long> bytesByKind) {}

  private static Decoded decode(int workers, float[] latents, Shape shape) throws Exception {
    List<Communicator> comms = LocalCluster.create(workers, Duration.ofSeconds(20));
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<float[]>> done = new ArrayList<>();
      for (int r = 0; r < workers; r++) {
        Communicator comm = comms.get(r);
        done.add(pool.submit(() -> {
          try (VaeDecoder vae = DitPipelineFolder.open(FOLDER).loadVae(); NDManager m = NDManager.newBaseManager()) {
            return new ParallelVaeDecoder(vae, comm).decode(m.create(latents, shape)).map(NDArray::toFloatArray)
                .orElse(null);
          }
        }));
      }
      float[] image = null;
      for (Future<float[]> f : done) {
        try {
          float[] out = f.get(60, TimeUnit.SECONDS);
          image = image == null ? out : image;
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
      Map<String, Long> bytes = new TreeMap<>();
      for (Communicator comm : comms) {
        CommStats stats = comm.stats();
        stats.byKind().forEach((kind, k) -> bytes.merge(kind, k.bytesSent(), Long::sum));
      }
      return new Decoded(image, bytes);
    } finally {
      comms.forEach(Communicator::close);
      pool.shutdownNow();
    }
  }

  private static float[] serial(float[] latents, Shape shape) {
    try (VaeDecoder vae = DitPipelineFolder.open(FOLDER).loadVae(); NDManager m = NDManager.newBaseManager()) {
      return vae.decode(m.create(latents, shape)).toFloatArray();
    }
  }

  private static float[] reference(String name) {
    return MappedSafetensors.open(REFERENCE.resolve("outputs.safetensors")).tensor(name).data();
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }
}
