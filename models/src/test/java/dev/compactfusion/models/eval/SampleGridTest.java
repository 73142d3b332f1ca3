package dev.compactfusion.models.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.models.media.Frames;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleGridTest {

  @Test
  void clipsBecomeFilmstripsInAGridWithGaps() {
    float[] rgb = new float[2 * 3 * 4 * 3];
    Arrays.fill(rgb, 0.25f);
    Frames clip = new Frames(2, 3, 4, rgb);
    Frames grid = SampleGrid.render(List.of(clip, clip, clip), 2);
    // cell: 2 frames x 4 px + 1 px between = 9; 2 columns + 3 gaps of 2 = 24; 2 rows of 3 + 3 gaps = 12
    assertThat(grid.frames()).isEqualTo(1);
    assertThat(grid.width()).isEqualTo(24);
    assertThat(grid.height()).isEqualTo(12);
    assertThat(grid.rgb()[grid.index(0, 2, 2, 0)]).isEqualTo(0.25f); // first pixel of cell 0
    assertThat(grid.rgb()[grid.index(0, 2, 6, 0)]).isEqualTo(1f); // the 1 px between frames
    assertThat(grid.rgb()[grid.index(0, 7, 13, 1)]).isEqualTo(1f); // empty fourth cell
  }
}
