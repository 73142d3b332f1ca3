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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A safetensors file of any size, memory-mapped read-only. A mapped buffer holds at most 2 GiB, so
 * the data section is mapped in 1 GiB pieces; a tensor lying across a piece boundary is copied
 * out of both. The header is validated up front: known dtype, byte length = shape × dtype size,
 * offsets inside the data, and the data section exactly as long as the header says (a shorter
 * file is truncated, a longer one is not what the header describes).
 */
public final class MappedSafetensors implements TensorStore {
  private static final long MAX_HEADER = 100L << 20;
  private static final long PIECE = 1L << 30;

  private final String file;
  private final ByteBuffer[] pieces;
  private final Map<String, HeaderEntry> entries;


  private MappedSafetensors(String file, ByteBuffer[] pieces, Map<String, HeaderEntry> entries) {
    this.file = file;
    this.pieces = pieces;
    this.entries = entries;
  }

  public static MappedSafetensors open(Path path) {
    String file = path.toString();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new SafetensorsException(file, null, "truncated: " + size + " bytes, no header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.getLong(0);
      if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > size - 8) {
        throw new SafetensorsException(file, null, "header length " + headerLen + " does not fit a file of "
            + size + " bytes (truncated or not safetensors)");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLen);
      readFully(ch, header, 8);
      long dataStart = 8 + headerLen;
      long dataBytes = size - dataStart;
      Map<String, HeaderEntry> entries = parseHeader(file, new String(header.array(), StandardCharsets.UTF_8), dataBytes);
      long needed = entries.values().stream().mapToLong(HeaderEntry::end).max().orElse(0);
      if (needed != dataBytes) {
        throw new SafetensorsException(file, null, "the header describes " + needed + " data bytes, the file has "
            + dataBytes + (needed > dataBytes ? " (truncated)" : ""));
      }
      ByteBuffer[] pieces = new ByteBuffer[(int) ((dataBytes + PIECE - 1) / PIECE)];
      for (int i = 0; i < pieces.length; i++) {
        long from = i * PIECE;
        pieces[i] = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + from, Math.min(PIECE, dataBytes - from))
            .order(ByteOrder.LITTLE_ENDIAN);
      }
      return new MappedSafetensors(file, pieces, entries);
    } catch (IOException e) {
      throw new SafetensorsException(file, null, "cannot read (" + e.getMessage() + ")", e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
    while (dst.hasRemaining()) {
      if (ch.read(dst, position + dst.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  private static Map<String, HeaderEntry> parseHeader(String file, String text, long dataBytes) {
    JsonObject json;
    try {
      JsonElement parsed = JsonParser.parseString(text.strip());
      if (!parsed.isJsonObject()) {
        throw new SafetensorsException(file, null, "header is not a JSON object");
      }
      json = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new SafetensorsException(file, null, "header is not valid JSON (" + e.getMessage() + ")", e);
    }
    Map<String, HeaderEntry> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : json.entrySet()) {
      if (!e.getKey().equals("__metadata__")) {
        entries.put(e.getKey(), HeaderEntry.parse(file, e.getKey(), e.getValue(), dataBytes));
      }
    }
    return Collections.unmodifiableMap(entries);
  }



  @Override
  public String name() {
    return file;
  }

  @Override
  public Set<String> names() {
    return entries.keySet();
  }

  @Override
  public long[] shape(String tensor) {
    return entry(tensor).shape().clone();
  }

  @Override
  public DType dtype(String tensor) {
    return entry(tensor).dtype();
  }

  @Override
  public String fileOf(String tensor) {
    entry(tensor);
    return file;
  }

  @Override
  public Tensor tensor(String tensor) {
    HeaderEntry e = entry(tensor);
    long count = Tensor.elementsOf(e.shape());
    if (count > Integer.MAX_VALUE - 8) {
      throw new SafetensorsException(file, tensor, count + " values do not fit one Java array");
    }
    int n = (int) count;
    return new Tensor(e.shape(), e.dtype().widen(bytes(e), n));
  }

  @Override
  public Optional<ByteBuffer> mappedF32(String tensor) {
    HeaderEntry e = entry(tensor);
    long len = e.end() - e.begin();
    boolean onePiece = len > 0 && e.begin() % PIECE + len <= PIECE;
    return e.dtype() == DType.F32 && onePiece ? Optional.of(bytes(e)) : Optional.empty();
  }

  /** The tensor's bytes: a view when it lies in one piece, else a copy gathered from its pieces. */
  private ByteBuffer bytes(HeaderEntry e) {
    long len = e.end() - e.begin();
    int first = (int) (e.begin() / PIECE);
    int offset = (int) (e.begin() % PIECE);
    if (offset + len <= PIECE || len == 0) {
      return len == 0 ? ByteBuffer.allocate(0) : pieces[first].slice(offset, (int) len).order(ByteOrder.LITTLE_ENDIAN);
    }
    ByteBuffer copy = ByteBuffer.allocate(Math.toIntExact(len)).order(ByteOrder.LITTLE_ENDIAN);
    long at = e.begin();
    while (copy.hasRemaining()) {
      ByteBuffer piece = pieces[(int) (at / PIECE)];
      int from = (int) (at % PIECE);
      int take = (int) Math.min(copy.remaining(), piece.capacity() - from);
      copy.put(piece.slice(from, take));
      at += take;
    }
    return copy.flip();
  }

  private HeaderEntry entry(String tensor) {
    HeaderEntry e = entries.get(tensor);
    if (e == null) {
      throw new SafetensorsException(file, tensor, "missing (the file has " + entries.size() + " tensors)");
    }
    return e;
  }
}
