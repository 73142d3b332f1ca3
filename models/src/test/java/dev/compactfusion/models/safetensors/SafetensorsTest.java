package dev.compactfusion.models.safetensors;

import dev.compactfusion.codec.Half;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SafetensorsTest {
  @TempDir Path dir;

  private static Map<String, Tensor> sample() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("a.weight", new Tensor(new long[] {2, 3}, new float[] {0f, 1f, -2.5f, 0.1f, 1e-3f, 65504f}));
    m.put("b", new Tensor(new long[] {4}, new float[] {-0f, 3.25f, -7f, 0.333333f}));
    m.put("empty", new Tensor(new long[] {0, 5}, new float[0]));
    return m;
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void roundTripKeepsNamesShapesAndValuesWithinTheDtypePrecision(DType dtype) throws IOException {
    Path f = dir.resolve("m.safetensors");
    SafetensorsWriter.write(f, sample(), dtype, Map.of("k", "v"));
    SafetensorsFile file = SafetensorsFile.open(f);
    assertThat(file.names()).containsExactly("a.weight", "b", "empty");
    assertThat(file.metadata()).containsEntry("k", "v");
    for (Map.Entry<String, Tensor> e : sample().entrySet()) {
      assertThat(file.dtype(e.getKey())).isEqualTo(dtype);
      Tensor t = file.tensor(e.getKey(), e.getValue().shape());
      float[] want = e.getValue().data();
      float[] got = t.data();
      assertThat(got).hasSize(want.length);
      float rel = switch (dtype) {
        case F32 -> 0f;
        case F16 -> 1f / 2048;
        case BF16 -> 1f / 256;
      };
      for (int i = 0; i < want.length; i++) {
        assertThat(Math.abs(got[i] - want[i])).as("%s[%d]", e.getKey(), i)
            .isLessThanOrEqualTo(Math.abs(want[i]) * rel + (dtype == DType.F32 ? 0 : 1e-7f));
      }
    }
    // Exact values a 16-bit float holds survive unchanged.
    assertThat(file.tensor("b").data()[1]).isEqualTo(3.25f);
  }

  @Test
  void onlyF32TensorsOfAMappedFileOfferAReadOnlyView() throws IOException {
    Path f32 = dir.resolve("f32.safetensors");
    Path f16 = dir.resolve("f16.safetensors");
    SafetensorsWriter.write(f32, sample(), DType.F32, Map.of());
    SafetensorsWriter.write(f16, sample(), DType.F16, Map.of());
    ByteBuffer view = MappedSafetensors.open(f32).mappedF32("a.weight").orElseThrow();
    assertThat(view.isDirect()).isTrue();
    assertThat(view.isReadOnly()).isTrue();
    float[] read = new float[6];
    view.asFloatBuffer().get(read);
    assertThat(read).containsExactly(sample().get("a.weight").data());
    assertThat(MappedSafetensors.open(f32).mappedF32("empty")).isEmpty();
    assertThat(MappedSafetensors.open(f16).mappedF32("a.weight")).isEmpty();
  }

  @Test
  void f16ConversionIsExactOnEveryHalfValue() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = Half.toFloat((short) bits);
      if (Float.isNaN(f)) {
        assertThat(Float.isNaN(Half.toFloat(Half.fromFloat(f)))).isTrue();
      } else {
        assertThat(Half.fromFloat(f) & 0xffff).as("bits %x", bits).isEqualTo(bits);
      }
    }
    assertThat(Half.toFloat((short) 0x3c00)).isEqualTo(1f);
    assertThat(Half.toFloat((short) 0xc000)).isEqualTo(-2f);
    assertThat(Half.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(Half.fromFloat(1e6f)).isEqualTo((short) 0x7c00);
    assertThat(Half.bf16ToFloat((short) 0x3f80)).isEqualTo(1f);
  }

  @Test
  void readsFromAnInMemoryBufferLikeAClasspathResource() throws IOException {
    Path f = dir.resolve("m.safetensors");
    SafetensorsWriter.write(f, sample(), DType.F32, Map.of());
    byte[] bytes = Files.readAllBytes(f);
    SafetensorsFile file = SafetensorsFile.parse("res:m", ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
    assertThat(file.tensor("a.weight").data()).containsExactly(sample().get("a.weight").data());
  }

  /** A file with one tensor whose header entry is {@code entry} and {@code dataBytes} bytes of data. */
  private Path handMade(String entry, int dataBytes) throws IOException {
    byte[] header = ("{\"t\":" + entry + "}").getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header);
    Path f = dir.resolve("bad.safetensors");
    Files.write(f, b.array());
    return f;
  }

  @Test
  void everyMalformedFileNamesTheFileTheTensorAndTheProblem() throws IOException {
    Path trunc = handMade("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}", 8);
    assertThatThrownBy(() -> SafetensorsFile.open(trunc))
        .hasMessageContaining(trunc.toString()).hasMessageContaining("'t'").hasMessageContaining("outside");
    Path outside = handMade("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[100,104]}", 8);
    assertThatThrownBy(() -> SafetensorsFile.open(outside)).hasMessageContaining("'t'").hasMessageContaining("outside");
    Path dtype = handMade("{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}", 8);
    assertThatThrownBy(() -> SafetensorsFile.open(dtype))
        .hasMessageContaining(dtype.toString()).hasMessageContaining("'t'").hasMessageContaining("unknown dtype I64");
    Path size = handMade("{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,8]}", 8);
    assertThatThrownBy(() -> SafetensorsFile.open(size))
        .hasMessageContaining("'t'").hasMessageContaining("needs 6 bytes, data_offsets give 8");
    Path json = handMade("{\"dtype\":", 8);
    assertThatThrownBy(() -> SafetensorsFile.open(json)).hasMessageContaining(json.toString())
        .hasMessageContaining("not valid JSON");

    Path ok = dir.resolve("ok.safetensors");
    SafetensorsWriter.write(ok, sample(), DType.F16, Map.of());
    SafetensorsFile file = SafetensorsFile.open(ok);
    assertThatThrownBy(() -> file.tensor("nope"))
        .hasMessageContaining(ok.toString()).hasMessageContaining("'nope'").hasMessageContaining("missing");
    assertThatThrownBy(() -> file.tensor("a.weight", 3, 2))
        .hasMessageContaining("'a.weight'").hasMessageContaining("[2, 3]").hasMessageContaining("config needs [3, 2]");

    byte[] whole = Files.readAllBytes(ok);
    Path cut = dir.resolve("cut.safetensors");
    Files.write(cut, Arrays.copyOf(whole, whole.length - 3));
    assertThatThrownBy(() -> SafetensorsFile.open(cut)).hasMessageContaining(cut.toString())
        .hasMessageContaining("outside");
    Files.write(cut, Arrays.copyOf(whole, 5));
    assertThatThrownBy(() -> SafetensorsFile.open(cut)).hasMessageContaining("truncated");
    Files.write(cut, Arrays.copyOf(whole, 20));
    assertThatThrownBy(() -> SafetensorsFile.open(cut)).hasMessageContaining("header length");
    assertThatThrownBy(() -> SafetensorsFile.open(dir.resolve("absent.safetensors"))).hasMessageContaining("cannot read");
  }
}
