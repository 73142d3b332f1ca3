package dev.compactfusion.models.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import dev.compactfusion.models.data.ProceduralImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierTrainingTest {

  @Test
  void aShortRunLowersTheLossAndRepeatsWithinRounding() {
    List<Float> first = new ArrayList<>();
    List<Float> second = new ArrayList<>();
    ClassifierTraining.Settings settings = new ClassifierTraining.Settings(30, 16, 2e-3f, 4);
    try (Classifier a = ClassifierTraining.train(new ProceduralImages(1, 16), settings, s -> {}, first);
        Classifier b = ClassifierTraining.train(new ProceduralImages(1, 16), settings, s -> {}, second)) {
      // Not bitwise: oneDNN's convolution backward may sum in a different order from one run to
      // the next on some CPUs (seen on CI: equal for 22 steps, then 1e-3 apart). A different seed
      // or data order moves the losses by far more than this bound.
      assertThat(second).hasSameSizeAs(first);
      for (int i = 0; i < first.size(); i++) {
        assertThat(second.get(i)).as("loss of step %d", i + 1)
            .isCloseTo(first.get(i), withPercentage(1.0));
      }
      double early = (first.get(0) + first.get(1) + first.get(2)) / 3;
      double late = (first.get(27) + first.get(28) + first.get(29)) / 3;
      assertThat(late).isLessThan(early * 0.8);
    }
  }
}
