package dev.compactfusion.models.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DitXlMappedSafetensorsTest {
  @TempDir Path tmp;

  /**
   * A sparse file whose second tensor starts 2 bytes before the 1 GiB piece boundary, so its
   * first value straddles two mappings.
   */
  @Test
  void tensorAcrossAPieceBoundaryIsGathered() throws IOException {
    long padBytes = (1L << 30) - 2;
    String header = "{\"pad\":{\"dtype\":\"F16\",\"shape\":[" + padBytes / 2 + "],\"data_offsets\":[0," + padBytes + "]},"
        + "\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[" + padBytes + "," + (padBytes + 16) + "]}}";
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    Path file = tmp.resolve("big.safetensors");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      ByteBuffer head = ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(json.length).put(json);
      f.write(head.array());
      ByteBuffer x = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      x.putFloat(1.5f).putFloat(-2f).putFloat(3.25f).putFloat(1e-3f);
      f.seek(8 + json.length + padBytes);
      f.write(x.array());
    }
    MappedSafetensors st = MappedSafetensors.open(file);
    assertThat(st.tensor("x").data()).containsExactly(1.5f, -2f, 3.25f, 1e-3f);
    assertThat(st.shape("pad")).containsExactly(padBytes / 2);
  }

  @Test
  void halfPrecisionIsWidened() throws IOException {
    Path file = tmp.resolve("h.safetensors");
    float[] v = {0.5f, -1.25f, 3f};
    for (DType d : new DType[] {DType.BF16, DType.F16}) {
      SafetensorsWriter.write(file, Map.of("v", new Tensor(new long[] {3}, v)), d, Map.of());
      MappedSafetensors st = MappedSafetensors.open(file);
      assertThat(st.dtype("v")).isEqualTo(d);
      assertThat(st.tensor("v").data()).containsExactly(v);
    }
  }

  @Test
  void trailingBytesAreRefused() throws IOException {
    Path file = tmp.resolve("t.safetensors");
    SafetensorsWriter.write(file, Map.of("v", new Tensor(new long[] {2}, new float[2])), DType.F32, Map.of());
    Files.write(file, new byte[4], java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> MappedSafetensors.open(file))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("8 data bytes, the file has 12");
  }
}
