package dev.compactfusion.perf.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Activations recorded from a model run: a file of int32 steps, tokens, channels (little-endian)
 * followed by steps x tokens x channels fp32 little-endian. This is the hook for real residuals
 * from the embedded models; {@link ActivationRecorder} writes them.
 */
public final class RecordedActivations implements ActivationSource {
  private final Path file;
  private final int steps;
  private final int tokens;
  private final int channels;
  private final ByteBuffer data;

  public RecordedActivations(Path file) throws IOException {
    this.file = file;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      if (ch.read(head, 0) != 12) {
        throw new IOException(file + ": shorter than the 12-byte header (steps, tokens, channels)");
      }
      steps = head.getInt(0);
      tokens = head.getInt(4);
      channels = head.getInt(8);
      long need = 12 + 4L * steps * tokens * channels;
      if (steps < 1 || tokens < 1 || channels < 1 || ch.size() != need) {
        throw new IOException(file + ": header says " + steps + " steps of " + tokens + "x" + channels
            + " (" + need + " bytes) but the file has " + ch.size() + " bytes");
      }
      data = ch.map(FileChannel.MapMode.READ_ONLY, 12, need - 12).order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  @Override
  public String name() {
    return file.getFileName().toString();
  }

  @Override
  public int tokens() {
    return tokens;
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public int steps() {
    return steps;
  }

  @Override
  public float[] step(int t) {
    float[] a = new float[tokens * channels];
    data.asFloatBuffer().get(t * a.length, a);
    return a;
  }
}
