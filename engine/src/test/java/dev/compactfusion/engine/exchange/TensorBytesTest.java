package dev.compactfusion.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TensorBytesTest {
  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static NDArray counting(long b, long h, long t, long d) {
    return manager.arange(0f, (float) (b * h * t * d)).reshape(b, h, t, d);
  }

  @Test
  void bytesAreLittleEndianFloat32FromPositionZeroAndRoundTrip() {
    NDArray x = manager.create(new float[] {1.5f, -2f, 3.25f}, new Shape(3));
    ByteBuffer bytes = TensorBytes.toBytes(x);
    assertThat(bytes.isDirect()).isTrue();
    assertThat(bytes.position()).isZero();
    assertThat(bytes.remaining()).isEqualTo(12);
    assertThat(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).getFloat(4)).isEqualTo(-2f);
    assertThat(bytes.get(0)).isEqualTo((byte) 0); // 1.5f = 0x3FC00000, low byte first
    assertThat(bytes.get(3)).isEqualTo((byte) 0x3F);
    assertThat(TensorBytes.fromBytes(manager, bytes, new Shape(3)).toFloatArray()).containsExactly(1.5f, -2f, 3.25f);
  }

  @Test
  void tokenMajorRowsAreTokensAndChannelsAreBatchHeadsHeadDim() {
    NDArray x = counting(2, 3, 5, 4);
    NDArray m = TensorBytes.tokenMajor(x);
    assertThat(m.getShape()).isEqualTo(new Shape(5, 2 * 3 * 4));
    float[] xs = x.toFloatArray();
    float[] ms = m.toFloatArray();
    for (int b = 0; b < 2; b++) {
      for (int h = 0; h < 3; h++) {
        for (int t = 0; t < 5; t++) {
          for (int d = 0; d < 4; d++) {
            assertThat(ms[t * 24 + (b * 3 + h) * 4 + d]).isEqualTo(xs[((b * 3 + h) * 5 + t) * 4 + d]);
          }
        }
      }
    }
    assertThat(TensorBytes.headMajor(m, 2, 3, 4).toFloatArray()).containsExactly(xs);
  }

  @Test
  void matrixBytesOfASlicedViewRoundTripThroughTheCodecLayout() {
    NDArray x = counting(2, 4, 3, 2);
    NDArray heads = x.get(":, 1:3");
    ByteBuffer matrix = TensorBytes.matrixBytes(heads);
    assertThat(matrix.remaining()).isEqualTo(2 * 2 * 3 * 2 * Float.BYTES);
    NDArray back = TensorBytes.fromMatrixBytes(manager, matrix, 3, 2, 2, 2);
    assertThat(back.getShape()).isEqualTo(new Shape(2, 2, 3, 2));
    assertThat(back.toFloatArray()).containsExactly(heads.toFloatArray());
  }

  @Test
  void aBufferOfTheWrongSizeIsRejectedNamingShapeAndSize() {
    assertThatThrownBy(() -> TensorBytes.fromBytes(manager, ByteBuffer.allocateDirect(8), new Shape(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8 bytes")
        .hasMessageContaining("(3)");
  }
}
