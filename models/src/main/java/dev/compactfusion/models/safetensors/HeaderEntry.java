package dev.compactfusion.models.safetensors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header, checked against the data section it points into: a
 * known dtype, a non-negative shape, and data offsets inside the file whose length matches shape ×
 * dtype. Both readers (the in-memory one and the memory-mapped one) parse entries through here, so a
 * malformed or truncated file fails with the same one-line message either way.
 *
 * @param begin first byte of the tensor's data, relative to the start of the data section
 * @param end one past its last byte
 */
record HeaderEntry(DType dtype, long[] shape, long begin, long end) {

  static HeaderEntry parse(String file, String tensor, JsonElement value, long dataBytes) {
    try {
      JsonObject o = value.getAsJsonObject();
      String dtypeName = o.get("dtype").getAsString();
      DType dtype = DType.fromHeader(dtypeName);
      if (dtype == null) {
        throw new SafetensorsException(file, tensor, "unknown dtype " + dtypeName
            + " (supported: " + Arrays.toString(DType.values()) + ")");
      }
      JsonArray shapeJson = o.getAsJsonArray("shape");
      long[] shape = new long[shapeJson.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeJson.get(i).getAsLong();
        if (shape[i] < 0) {
          throw new SafetensorsException(file, tensor, "negative dimension in shape " + shapeJson);
        }
      }
      JsonArray offsets = o.getAsJsonArray("data_offsets");
      if (offsets == null || offsets.size() != 2) {
        throw new SafetensorsException(file, tensor, "data_offsets must be [begin, end]");
      }
      long begin = offsets.get(0).getAsLong();
      long end = offsets.get(1).getAsLong();
      if (begin < 0 || end < begin || end > dataBytes) {
        throw new SafetensorsException(file, tensor, "data_offsets [" + begin + ", " + end + ") lie outside the "
            + dataBytes + " data bytes of the file (truncated?)");
      }
      long expected = Math.multiplyExact(Tensor.elementsOf(shape), dtype.bytes());
      if (end - begin != expected) {
        throw new SafetensorsException(file, tensor, "shape " + Arrays.toString(shape) + " × " + dtype
            + " needs " + expected + " bytes, data_offsets give " + (end - begin));
      }
      return new HeaderEntry(dtype, shape, begin, end);
    } catch (IllegalStateException | NullPointerException | ClassCastException | ArithmeticException
        | NumberFormatException | UnsupportedOperationException e) {
      throw new SafetensorsException(file, tensor, "malformed header entry " + value, e);
    }
  }

  long bytes() {
    return end - begin;
  }
}
