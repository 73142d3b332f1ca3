package dev.compactfusion.models.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.models.diffusers.transformer.DrawSize;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PixArt's aspect-ratio bins and how a folder turns an asked --height/--width into a draw size.
 * The expected entries are the published tables' (diffusers' pipeline_pixart_alpha.py,
 * ASPECT_RATIO_1024_BIN / _512_BIN / _256_BIN).
 */
class AspectRatioBinsTest {

  @Test
  void eachSampleSizeHasItsPublishedTable() {
    assertThat(AspectRatioBins.of(128)).hasSize(33).anySatisfy(b -> assertThat(b).containsExactly(768, 1344))
        .anySatisfy(b -> assertThat(b).containsExactly(1024, 1024));
    assertThat(AspectRatioBins.of(128).get(0)).containsExactly(512, 2048);
    assertThat(AspectRatioBins.of(128).get(32)).containsExactly(2048, 512);
    assertThat(AspectRatioBins.of(64).get(1)).containsExactly(256, 928);
    assertThat(AspectRatioBins.of(64)).anySatisfy(b -> assertThat(b).containsExactly(352, 704));
    assertThat(AspectRatioBins.of(32).get(7)).containsExactly(176, 368);
    assertThat(AspectRatioBins.of(32).get(28)).containsExactly(368, 176);
    assertThat(AspectRatioBins.of(8)).isEmpty();
    assertThat(AspectRatioBins.of(256)).isEmpty();
  }

  @Test
  void nearestBinIsByAspectRatio() {
    assertThat(AspectRatioBins.nearest(128, 720, 1280).orElseThrow()).containsExactly(768, 1344);
    assertThat(AspectRatioBins.nearest(128, 1000, 1000).orElseThrow()).containsExactly(1024, 1024);
    assertThat(AspectRatioBins.list(List.of(new int[] {1, 2}, new int[] {3, 4}))).isEqualTo("1x2, 3x4");
  }

  @Test
  void aFolderDrawsItsSquareOrABinAndRefusesOtherSizes() {
    PixartPipelineFolder aspect = PixartPipelineFolder.open(Fixtures.resource("reference/pixart-aspect"));
    assertThat(aspect.imageSize()).isEqualTo(new DrawSize(32, 32, 256, 256));
    assertThat(aspect.drawSize(null, null)).isEqualTo(aspect.imageSize());
    assertThat(aspect.drawSize(256, 256)).isEqualTo(aspect.imageSize());
    assertThat(aspect.drawSize(176, 368)).isEqualTo(new DrawSize(22, 46, 176, 368));
    assertThat(aspect.drawSize(368, 176)).isEqualTo(new DrawSize(46, 22, 368, 176));
    // one side given: the other is the square's, which makes 256x512 - not a bin
    assertThatThrownBy(() -> aspect.drawSize(null, 512)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256x512 is not one of pixart-aspect's sizes")
        .hasMessageContaining("nearest aspect ratio is 176x352")
        .hasMessageContaining("allowed: 128x512, 128x464,");
    assertThatThrownBy(() -> aspect.drawSize(180, 360)).hasMessageContaining("nearest aspect ratio is 176x352");
    // a model whose sample size has no bins draws only its square
    PixartPipelineFolder tiny = PixartPipelineFolder.open(PixartFixtures.folder());
    assertThat(tiny.drawSize(16, 16)).isEqualTo(new DrawSize(8, 8, 16, 16));
    assertThatThrownBy(() -> tiny.drawSize(16, 32)).hasMessageContaining("draws only 16x16")
        .hasMessageContaining("no aspect-ratio bins");
  }
}
