package dev.compactfusion.models.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.format.ConfigFile;
import dev.compactfusion.models.diffusers.t5.RelativePositions;
import dev.compactfusion.models.diffusers.t5.T5Config;
import dev.compactfusion.models.diffusers.t5.T5Encoder;
import dev.compactfusion.models.diffusers.t5.T5Manifest;
import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.safetensors.TensorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java T5 v1.1 encoder against the independent PyTorch reference's tiny encoder. */
class T5EncoderTest {

  private static T5Config config() {
    return T5Config.read(PixartFixtures.config("text_encoder"));
  }

  private static TensorStore store() {
    return PixartFixtures.weights("text_encoder", "model.safetensors");
  }

  @Test
  void configReadsTheTinyEncoder() {
    T5Config c = config();
    assertThat(c).isEqualTo(new T5Config(2, 32, 4, 8, 64, 100, 32, 128, 1e-6));
  }

  @Test
  void bucketsMatchTheReferenceOverAndBeyondTheMaximumDistance() {
    float[] rel = PixartFixtures.values("t5.relative_positions");
    float[] expected = PixartFixtures.values("t5.buckets");
    assertThat(rel).hasSize(599);
    for (int i = 0; i < rel.length; i++) {
      int r = Math.round(rel[i]);
      assertThat(RelativePositions.bucket(r, 32, 128)).as("bucket of relative position %d", r)
          .isEqualTo(Math.round(expected[i]));
    }
  }

  @Test
  void hiddenStatesMatchTheReference() {
    int[][] ids = PixartFixtures.rows("t5.input_ids");
    int[][] mask = PixartFixtures.rows("t5.attention_mask");
    try (T5Encoder encoder = T5Encoder.load(config(), store()); NDManager m = NDManager.newBaseManager()) {
      NDArray h = encoder.encode(m, ids, mask);
      assertThat(h.getShape()).isEqualTo(new Shape(2, PixartFixtures.TOKENS, 32));
      float[] expected = PixartFixtures.values("t5.hidden");
      Fixtures.report("T5 hidden states", h.toFloatArray(), expected);
      assertThat(Fixtures.relativeError(h.toFloatArray(), expected)).isLessThan(1e-4);
    }
  }

  @Test
  void f32WeightsAreComputedOnInTheMappingAndGiveWhatACopyGives() {
    int[][] ids = PixartFixtures.rows("t5.input_ids");
    int[][] mask = PixartFixtures.rows("t5.attention_mask");
    TensorStore mapped = store();
    long relativeBias = 4L * 32 * 4; // read to the heap on purpose: the bucket table is indexed in Java
    long all = 4L * T5Manifest.of(config(), false).parameters();
    // Filtered offers no mapped views, so every tensor is copied: the same numbers must come out.
    try (T5Encoder inPlace = T5Encoder.load(config(), mapped);
        T5Encoder copied = T5Encoder.load(config(), new Filtered(mapped, null, null));
        NDManager m = NDManager.newBaseManager()) {
      assertThat(inPlace.memory()).isEqualTo(new T5Encoder.WeightMemory(all - relativeBias, relativeBias));
      assertThat(copied.memory()).isEqualTo(new T5Encoder.WeightMemory(0, all));
      assertThat(inPlace.encode(m, ids, mask).toFloatArray()).containsExactly(copied.encode(m, ids, mask).toFloatArray());
    }
  }

  @Test
  void paddingDoesNotReachRealTokens() {
    int[][] ids = PixartFixtures.rows("t5.input_ids");
    int[][] mask = PixartFixtures.rows("t5.attention_mask");
    int[][] other = {ids[0].clone(), ids[1].clone()};
    for (int j = 1; j < PixartFixtures.TOKENS; j++) {
      other[0][j] = 42; // row 0 holds one real token; what fills its padding must not matter
    }
    try (T5Encoder encoder = T5Encoder.load(config(), store()); NDManager m = NDManager.newBaseManager()) {
      float[] a = encoder.encode(m, ids, mask).get("0, 0, :").toFloatArray();
      float[] b = encoder.encode(m, other, mask).get("0, 0, :").toFloatArray();
      assertThat(b).containsExactly(a);
    }
  }

  @Test
  void badInputIsOneLineNamingTheFix() {
    try (T5Encoder encoder = T5Encoder.load(config(), store()); NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> encoder.encode(m, new int[][] {{5, 100}}, new int[][] {{1, 1}}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the vocabulary 0..99");
      assertThatThrownBy(() -> encoder.encode(m, new int[][] {{5, 6}}, new int[][] {{1}}))
          .hasMessageContaining("pad every row to the same length");
      assertThatThrownBy(() -> encoder.encode(m, new int[][] {{5, 6}}, new int[][] {{1, 2}}))
          .hasMessageContaining("neither 0 nor 1");
    }
  }

  @Test
  void aMissingOrMisshapenTensorNamesFileAndTensor() {
    TensorStore full = store();
    String dropped = "encoder.block.1.layer.1.DenseReluDense.wi_1.weight";
    TensorStore missing = new Filtered(full, dropped, null);
    assertThatThrownBy(() -> T5Encoder.load(config(), missing)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("model.safetensors").hasMessageContaining("'" + dropped + "' is missing");
    T5Config wider = new T5Config(2, 32, 4, 8, 65, 100, 32, 128, 1e-6);
    assertThatThrownBy(() -> T5Encoder.load(wider, full)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("'encoder.block.0.layer.1.DenseReluDense.wi_0.weight' has shape [64, 32]");
    // the tied copy some exports add is accepted, with the right shape
    TensorStore tied = new Filtered(full, null, T5Manifest.TIED_EMBEDDING);
    try (T5Encoder e = T5Encoder.load(config(), tied)) {
      assertThat(e.config().vocab()).isEqualTo(100);
    }
  }

  @Test
  void originalT5ReluIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"model_type\":\"t5\",\"feed_forward_proj\":\"relu\"}");
    assertThatThrownBy(() -> T5Config.read(ConfigFile.read(file))).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("config.json: \"feed_forward_proj\" is \"relu\", only gated-gelu is supported");
  }

  /** The tiny store with one tensor hidden, or with shared.weight also visible under a second name. */
  private static final class Filtered implements TensorStore {
    private final TensorStore inner;
    private final String hidden;
    private final String alias;

    Filtered(TensorStore inner, String hidden, String alias) {
      this.inner = inner;
      this.hidden = hidden;
      this.alias = alias;
    }

    private String real(String name) {
      return name.equals(alias) ? "shared.weight" : name;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public Set<String> names() {
      Set<String> s = new HashSet<>(inner.names());
      s.remove(hidden);
      if (alias != null) {
        s.add(alias);
      }
      return s;
    }

    @Override
    public long[] shape(String tensor) {
      return inner.shape(real(tensor));
    }

    @Override
    public DType dtype(String tensor) {
      return inner.dtype(real(tensor));
    }

    @Override
    public String fileOf(String tensor) {
      return inner.fileOf(real(tensor));
    }

    @Override
    public Tensor tensor(String tensor) {
      return inner.tensor(real(tensor));
    }
  }
}
