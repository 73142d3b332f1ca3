package dev.compactfusion.models.safetensors;

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
}
