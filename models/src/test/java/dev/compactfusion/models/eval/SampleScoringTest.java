package dev.compactfusion.models.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.models.classify.Classifier;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.data.Label;
import dev.compactfusion.models.data.ProceduralImages;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.registry.ModelSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleScoringTest {

  @Test
  void aPlanOfOneRoundCoversEveryConditionOnce() {
    ModelConfig config = ModelSource.resolve("shapes-video").config();
    List<Label> plan = SampleScoring.plan(config, 96, 4);
    assertThat(new HashSet<>(plan)).hasSize(96);
    assertThat(SampleScoring.plan(config, 10, 4)).isEqualTo(plan.subList(0, 10));
  }

  @Test
  void theShippedClassifierScoresCleanProceduralSamplesAsTheirLabels() {
    ModelConfig config = ModelSource.resolve("shapes-image").config();
    ProceduralImages data = new ProceduralImages(12345, config.imageSize());
    List<Label> labels = new ArrayList<>();
    List<Frames> frames = new ArrayList<>();
    for (Label l : Conditions.all(config)) {
      labels.add(l);
      frames.add(data.sample(labels.size(), l).frames());
    }
    try (Classifier c = Classifier.forModel(config)) {
      CasReport report = SampleScoring.score(config, c, labels, frames);
      assertThat(report.accuracy("colour")).isEqualTo(1.0);
      assertThat(report.accuracy("shape")).isGreaterThanOrEqualTo(0.9);
    }
  }

  @Test
  void evalOfTheShippedModelIsStable() {
    ModelSource source = ModelSource.resolve("shapes-image");
    try (DiT dit = DiT.load(source); Classifier c = Classifier.forModel(source.config())) {
      CasReport a = SampleScoring.evaluate(dit, c, 3, 3, 3f, 7, (d, t) -> {}).report();
      CasReport b = SampleScoring.evaluate(dit, c, 3, 3, 3f, 7, (d, t) -> {}).report();
      assertThat(b).usingRecursiveComparison().isEqualTo(a);
      assertThat(a.samples()).isEqualTo(3);
    }
  }
}
