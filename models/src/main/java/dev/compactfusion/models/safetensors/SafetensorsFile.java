package dev.compactfusion.models.safetensors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors file opened for reading: the header is parsed and checked up front (dtype known,
 * offsets inside the data, byte length = shape × dtype size), the data stays memory-mapped and a
 * tensor is widened to fp32 only when asked for.
 */
public final class SafetensorsFile {
  private static final long MAX_HEADER = 100L << 20;

  private final String file;
  private final ByteBuffer data;
  private final Map<String, HeaderEntry> entries;
  private final Map<String, String> metadata;


  private SafetensorsFile(String file, ByteBuffer data, Map<String, HeaderEntry> entries, Map<String, String> metadata) {
    this.file = file;
    this.data = data;
    this.entries = entries;
    this.metadata = metadata;
  }

  /** Maps {@code path} read-only and validates its header. */
  public static SafetensorsFile open(Path path) {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      if (ch.size() > Integer.MAX_VALUE) {
        throw new SafetensorsException(path.toString(), null, "files over 2 GiB are not supported");
      }
      return parse(path.toString(), ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
    } catch (IOException e) {
      throw new SafetensorsException(path.toString(), null, "cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** Reads a file already in memory (e.g. a classpath resource); {@code name} is used in messages. */
  public static SafetensorsFile parse(String name, ByteBuffer bytes) {
    ByteBuffer all = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    all.position(0);
    if (all.remaining() < 8) {
      throw new SafetensorsException(name, null, "truncated: " + all.remaining() + " bytes, no header length");
    }
    long headerLen = all.getLong(0);
    if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > all.remaining() - 8L) {
      throw new SafetensorsException(name, null, "header length " + headerLen
          + " does not fit a file of " + all.remaining() + " bytes (truncated or not safetensors)");
    }
    byte[] header = new byte[(int) headerLen];
    all.position(8);
    all.get(header);
    JsonObject json;
    try {
      JsonElement parsed = JsonParser.parseString(new String(header, StandardCharsets.UTF_8).strip());
      if (!parsed.isJsonObject()) {
        throw new SafetensorsException(name, null, "header is not a JSON object");
      }
      json = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new SafetensorsException(name, null, "header is not valid JSON (" + e.getMessage() + ")", e);
    }
    ByteBuffer data = all.slice(8 + (int) headerLen, all.capacity() - 8 - (int) headerLen)
        .order(ByteOrder.LITTLE_ENDIAN);
    Map<String, HeaderEntry> entries = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : json.entrySet()) {
      if (e.getKey().equals("__metadata__")) {
        e.getValue().getAsJsonObject().entrySet()
            .forEach(m -> metadata.put(m.getKey(), m.getValue().getAsString()));
      } else {
        entries.put(e.getKey(), HeaderEntry.parse(name, e.getKey(), e.getValue(), data.capacity()));
      }
    }
    return new SafetensorsFile(name, data, Collections.unmodifiableMap(entries),
        Collections.unmodifiableMap(metadata));
  }



  public String name() {
    return file;
  }

  public Set<String> names() {
    return entries.keySet();
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public DType dtype(String tensor) {
    return entry(tensor).dtype();
  }

  /** The tensor widened to fp32. */
  public Tensor tensor(String tensor) {
    HeaderEntry e = entry(tensor);
    int n = Math.toIntExact(Tensor.elementsOf(e.shape()));
    return new Tensor(e.shape(), e.dtype().widen(data.slice((int) e.begin(), (int) e.bytes()).order(ByteOrder.LITTLE_ENDIAN), n));
  }

  /** The tensor widened to fp32, after checking it has the shape the model config implies. */
  public Tensor tensor(String tensor, long... expectedShape) {
    HeaderEntry e = entry(tensor);
    if (!Arrays.equals(e.shape(), expectedShape)) {
      throw new SafetensorsException(file, tensor, "has shape " + Arrays.toString(e.shape())
          + " but the model config needs " + Arrays.toString(expectedShape));
    }
    return tensor(tensor);
  }

  private HeaderEntry entry(String tensor) {
    HeaderEntry e = entries.get(tensor);
    if (e == null) {
      throw new SafetensorsException(file, tensor, "missing (the file has " + entries.size() + " tensors)");
    }
    return e;
  }
}
