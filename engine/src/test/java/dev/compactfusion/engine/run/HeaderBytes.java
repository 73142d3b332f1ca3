package dev.compactfusion.engine.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The fp32 bytes of the tensors a safetensors file declares, read straight from its header (8
 * bytes of length, then JSON) and not through the models module's reader, so the resident-weight
 * expectations of the tests are computed independently of the loader they check.
 */
final class HeaderBytes {
  private HeaderBytes() {}

  /** Sum over the tensors whose name passes {@code which} of elements × 4. */
  static long fp32Bytes(Path file, Predicate<String> which) {
    long bytes = 0;
    for (Map.Entry<String, JsonElement> e : header(file).entrySet()) {
      if (e.getKey().equals("__metadata__") || !which.test(e.getKey())) {
        continue;
      }
      long elements = 1;
      for (JsonElement d : e.getValue().getAsJsonObject().getAsJsonArray("shape")) {
        elements *= d.getAsLong();
      }
      bytes += elements * Float.BYTES;
    }
    return bytes;
  }

  private static JsonObject header(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer len = readFully(ch, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN), 0);
      ByteBuffer json = readFully(ch, ByteBuffer.allocate(Math.toIntExact(len.flip().getLong())), 8);
      return JsonParser.parseString(new String(json.array(), StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteBuffer readFully(FileChannel ch, ByteBuffer into, long at) throws IOException {
    while (into.hasRemaining()) {
      if (ch.read(into, at + into.position()) < 0) {
        throw new IOException("truncated safetensors header");
      }
    }
    return into;
  }
}
