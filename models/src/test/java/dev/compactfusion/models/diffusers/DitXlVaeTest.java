package dev.compactfusion.models.diffusers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.vae.VaeConfig;
import dev.compactfusion.models.diffusers.vae.VaeDecoder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DitXlVaeTest {

  @Test
  void configWithoutScalingFactorUsesStableDiffusions() {
    assertThat(DitPipelineFolder.open(Fixtures.plain()).vaeConfig().scalingFactor())
        .isEqualTo(VaeConfig.SD_SCALING_FACTOR);
  }

  /** The plain folder stores legacy attention names, the sharded one the current names. */
  @ParameterizedTest
  @ValueSource(strings = {"reference/dit-tiny", "reference/dit-tiny-sharded"})
  void decodeMatchesTheReference(String dir) {
    Path folder = Fixtures.resource(dir);
    try (VaeDecoder vae = DitPipelineFolder.open(folder).loadVae(); NDManager m = NDManager.newBaseManager()) {
      NDArray z = m.create(Fixtures.values("vae.latents"), new Shape(1, 4, 4, 4));
      NDArray decoded = vae.decode(z);
      assertThat(decoded.getShape()).isEqualTo(new Shape(1, 3, 8, 8));
      float[] image = VaeDecoder.toUnitRange(decoded).toFloatArray();
      Fixtures.report("VAE decode (" + dir + ")", decoded.toFloatArray(), Fixtures.values("vae.decoded"));
      assertThat(Fixtures.maxAbsError(decoded.toFloatArray(), Fixtures.values("vae.decoded"))).isLessThan(1e-4);
      assertThat(Fixtures.maxAbsError(image, Fixtures.values("vae.image"))).isLessThan(1e-4);
    }
  }
}
