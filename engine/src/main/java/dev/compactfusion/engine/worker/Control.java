package dev.compactfusion.engine.worker;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.compactfusion.comms.transport.Tag;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The runtime's own messages around the denoising steps, all on the world communicator: what
 * comes next (broadcast from rank 0: a job, keep waiting, or stop), the job itself and what rank
 * 0's model computed at load for everyone (the shared conditioning, empty for most families), the readiness
 * report after loading (all-gather, so every worker learns who failed and stops), and the final
 * token slices and statistics (sent to rank 0).
 */
public final class Control {
  public static final Tag NEXT = Tag.of("next");
  public static final Tag JOB = Tag.of("job");
  public static final Tag CONDITIONING = Tag.of("conditioning");
  public static final Tag READY = Tag.of("ready");
  public static final Tag FINAL_TOKENS = Tag.of("final-tokens");
  public static final Tag WORKER_STATS = Tag.of("worker-stats");

  private static final Gson GSON = new Gson();

  private Control() {}

  /**
   * What a waiting worker is told next. A one-shot run sends one JOB then STOP; a warm pool sends
   * a JOB per request and IDLE while it has none, because every wait on a peer is bounded by the
   * communication timeout and an idle worker would otherwise take the silence for a dead rank 0.
   */
  public enum Next { JOB, IDLE, STOP }

  /** A worker's answer after loading the model: its process id and the problem, if any. */
  public record Ready(long pid, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  public static ByteBuffer json(Object message) {
    byte[] bytes = GSON.toJson(message).getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.LITTLE_ENDIAN).put(bytes).flip();
  }

  public static <T> T json(ByteBuffer buffer, Class<T> type, Tag tag) {
    ByteBuffer b = buffer.duplicate();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    try {
      T value = GSON.fromJson(new String(bytes, StandardCharsets.UTF_8), type);
      if (value == null) {
        throw new IllegalStateException("empty " + tag.kind() + " message");
      }
      return value;
    } catch (JsonParseException e) {
      throw new IllegalStateException("malformed " + tag.kind() + " message: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // Records validate in their constructors; gson wraps what they throw, so say what they said.
      if (e.getCause() instanceof IllegalArgumentException invalid) {
        throw new IllegalStateException("invalid " + tag.kind() + " message: " + invalid.getMessage(), invalid);
      }
      throw e;
    }
  }

  public static ByteBuffer floats(float[] values) {
    ByteBuffer b = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b;
  }

  /** Every float of the message, however many. */
  public static float[] floats(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() % Float.BYTES != 0) {
      throw new IllegalStateException("a float message of " + b.remaining() + " bytes");
    }
    float[] out = new float[b.remaining() / Float.BYTES];
    b.asFloatBuffer().get(out);
    return out;
  }

  public static float[] floats(ByteBuffer buffer, int expected, String what) {
    ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() != expected * Float.BYTES) {
      throw new IllegalStateException(what + ": expected " + expected + " floats, got " + b.remaining() + " bytes");
    }
    float[] out = new float[expected];
    b.asFloatBuffer().get(out);
    return out;
  }
}
