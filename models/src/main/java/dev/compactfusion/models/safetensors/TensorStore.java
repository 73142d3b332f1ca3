package dev.compactfusion.models.safetensors;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;

/**
 * Named tensors from one or more safetensors files, read lazily and widened to fp32. A store says
 * which file holds each tensor so that errors can name it.
 */
public interface TensorStore {

  /** What this store was opened from (a file or a shard index), for messages. */
  String name();

  Set<String> names();

  long[] shape(String tensor);

  DType dtype(String tensor);

  /** The file that holds {@code tensor}. */
  String fileOf(String tensor);

  /** The tensor widened to fp32. */
  Tensor tensor(String tensor);

  /**
   * The tensor's bytes as a read-only little-endian view of the mapped file, when they are stored
   * as F32 and lie in one mapping: a caller can then compute on the file's pages instead of a
   * copy, so a model larger than RAM's free share stays in the page cache, not on the heap. Empty
   * when the store holds no such view (another dtype, a tensor across two mappings, or a store
   * that is not mapped); {@link #tensor} works for every tensor.
   */
  default Optional<ByteBuffer> mappedF32(String tensor) {
    return Optional.empty();
  }
}
