package dev.compactfusion.models.diffusers.format;

import dev.compactfusion.models.safetensors.SafetensorsException;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.safetensors.TensorStore;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every tensor a component's config implies, by stored name, with its shape. A checkpoint must
 * match it exactly: a missing, extra or misshapen tensor is an error naming file and tensor.
 */
public final class Manifest {
  private final Map<String, long[]> shapes = new LinkedHashMap<>();

  public Manifest add(String name, long... shape) {
    if (shapes.put(name, shape.clone()) != null) {
      throw new IllegalStateException("tensor '" + name + "' listed twice");
    }
    return this;
  }

  /** Names and shapes in the order they were added. */
  public Map<String, long[]> shapes() {
    return Collections.unmodifiableMap(shapes);
  }

  public long parameters() {
    return shapes.values().stream().mapToLong(Tensor::elementsOf).sum();
  }

  /**
   * Checks {@code store} against this manifest. {@code what} says which component and config the
   * manifest came from, for the messages.
   */
  public void check(TensorStore store, String what) {
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      if (!store.names().contains(e.getKey())) {
        throw new CheckpointException(store.name() + ": tensor '" + e.getKey() + "' is missing (" + what + " needs it)");
      }
      long[] actual = store.shape(e.getKey());
      if (!Arrays.equals(actual, e.getValue())) {
        throw new CheckpointException(store.fileOf(e.getKey()) + ": tensor '" + e.getKey() + "' has shape "
            + Arrays.toString(actual) + ", " + what + " needs " + Arrays.toString(e.getValue()));
      }
    }
    for (String name : store.names()) {
      if (!shapes.containsKey(name)) {
        throw new CheckpointException(store.fileOf(name) + ": tensor '" + name + "' is not part of " + what);
      }
    }
  }

  /** Reads a tensor, turning a file-level failure into a one-line checkpoint error. */
  public static Tensor read(TensorStore store, String name) {
    try {
      return store.tensor(name);
    } catch (SafetensorsException e) {
      throw new CheckpointException(e.getMessage(), e);
    }
  }
}
