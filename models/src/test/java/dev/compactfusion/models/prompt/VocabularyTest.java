package dev.compactfusion.models.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.models.dit.TinyConfigs;
import org.junit.jupiter.api.Test;

class VocabularyTest {
  private final Vocabulary video = TinyConfigs.vocabulary(true);

  @Test
  void wordsMapToOneIdPerAttributeAndMissingAttributesAreNull() {
    assertThat(video.parse("blue square moving left")).isEqualTo(new Condition(new int[] {2, 2, 1}));
    assertThat(video.parse("  Red, CIRCLE ")).isEqualTo(new Condition(new int[] {1, 1, 0}));
    assertThat(video.parse("a circle")).isEqualTo(new Condition(new int[] {0, 1, 0}));
    assertThat(video.parse("")).isEqualTo(Condition.unconditional(3));
    assertThat(video.words(video.parse("green square right"))).isEqualTo("green square right");
    assertThat(video.words(Condition.unconditional(3))).isEqualTo("(unconditional)");
  }

  @Test
  void unknownWordListsTheKnownWordsAndTwoWordsForOneAttributeFail() {
    assertThatThrownBy(() -> video.parse("purple circle"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown word 'purple'")
        .hasMessageContaining("colour: red, blue, green; shape: circle, square; motion: left, right");
    assertThatThrownBy(() -> video.parse("red blue circle")).hasMessageContaining("names two colours ('red' and 'blue')");
  }
}
