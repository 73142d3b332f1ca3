package dev.compactfusion.models.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.registry.EmbeddedModels;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.sampling.StepListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorTest {

  @Test
  void sameRequestGivesBitIdenticalPixelsAndReportsEveryStep() {
    try (DiT dit = DiT.load(ModelSource.resolve(EmbeddedModels.DEFAULT))) {
      Generator g = new Generator(dit);
      GenerationRequest r = new GenerationRequest(EmbeddedModels.DEFAULT, "red circle", 7, 2, 3f);
      List<Integer> done = new ArrayList<>();
      Frames a = g.generate(r, (d, total) -> done.add(d * 100 + total));
      Frames b = g.generate(r, StepListener.NONE);
      assertThat(done).containsExactly(102, 202);
      assertThat(a.frames()).isEqualTo(1);
      assertThat(a.height()).isEqualTo(32);
      assertThat(a.rgb()).isEqualTo(b.rgb());
      for (float v : a.rgb()) {
        assertThat(v).isBetween(0f, 1f);
      }
      Frames other = g.generate(new GenerationRequest(EmbeddedModels.DEFAULT, "red circle", 8, 2, 3f), StepListener.NONE);
      assertThat(other.rgb()).isNotEqualTo(a.rgb());
      Frames otherPrompt = g.generate(new GenerationRequest(EmbeddedModels.DEFAULT, "blue square", 7, 2, 3f), StepListener.NONE);
      assertThat(otherPrompt.rgb()).isNotEqualTo(a.rgb());
    }
  }
}
