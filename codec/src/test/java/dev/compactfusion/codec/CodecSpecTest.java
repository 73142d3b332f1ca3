package dev.compactfusion.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CodecSpecTest {

  @ParameterizedTest
  @ValueSource(strings = {"none", "fp16", "int8", "int4", "1bit", "2bit", "lowrank:8", "lowrankq:32", "topk:0.05"})
  void parsesAndPrintsTheSameName(String name) {
    assertThat(CodecSpec.parse(name).toString()).isEqualTo(name);
    assertThat(CodecSpec.parse(" " + name.toUpperCase() + " ")).isEqualTo(CodecSpec.parse(name));
  }

  @Test
  void parametersLandInTheRecord() {
    assertThat(CodecSpec.parse("lowrank:8")).isEqualTo(new CodecSpec(CodecKind.LOW_RANK, 8, 0));
    assertThat(CodecSpec.parse("topk:0.05")).isEqualTo(new CodecSpec(CodecKind.TOP_K, 0, 0.05));
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> CodecSpec.parse("3bit"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown codec '3bit'; known codecs: none, fp16, int8, int4, 1bit, 2bit, lowrank:R, lowrankq:R, topk:F");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "lowrank|codec lowrank needs a parameter, e.g. lowrank:8",
      "lowrank:0|lowrank rank must be 1..1024, got 0 (e.g. lowrank:8)",
      "lowrankq:x|codec lowrankq: 'x' is not a whole number, e.g. lowrankq:8",
      "topk:1.5|topk fraction must be in (0, 1], got 1.5 (e.g. topk:0.05)",
      "topk:0|topk fraction must be in (0, 1], got 0.0 (e.g. topk:0.05)",
      "topk:abc|codec topk: 'abc' is not a fraction, e.g. topk:0.05",
      "1bit:3|codec 1bit takes no parameter, got '1bit:3'",
      "' '|empty codec name; known codecs: none, fp16, int8, int4, 1bit, 2bit, lowrank:R, lowrankq:R, topk:F"})
  void badParametersSayWhatIsWrong(String text, String message) {
    assertThatThrownBy(() -> CodecSpec.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
