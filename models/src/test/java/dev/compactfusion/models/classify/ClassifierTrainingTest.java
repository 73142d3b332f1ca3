package dev.compactfusion.models.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.models.data.ProceduralImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierTrainingTest {

  @Test
  void aShortRunLowersTheLossAndIsDeterministic() {
    List<Float> first = new ArrayList<>();
    List<Float> second = new ArrayList<>();
    ClassifierTraining.Settings settings = new ClassifierTraining.Settings(30, 16, 2e-3f, 4);
    try (Classifier a = ClassifierTraining.train(new ProceduralImages(1, 16), settings, s -> {}, first);
        Classifier b = ClassifierTraining.train(new ProceduralImages(1, 16), settings, s -> {}, second)) {
      assertThat(second).containsExactlyElementsOf(first);
      double early = (first.get(0) + first.get(1) + first.get(2)) / 3;
      double late = (first.get(27) + first.get(28) + first.get(29)) / 3;
      assertThat(late).isLessThan(early * 0.8);
    }
  }
}
