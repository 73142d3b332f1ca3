package dev.compactfusion.perf.latency;

import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.safetensors.TensorStore;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * A checkpoint of a manifest's shapes filled with N(0, 0.02²), made on demand, so that a published
 * architecture can be timed without its file. Each tensor's values are seeded by {@code seedName}
 * of its name: tensors the loader checks equal (DiT's per-block copies) map to one seed name.
 */
record RandomWeights(String name, Map<String, long[]> shapes, UnaryOperator<String> seedName)
    implements TensorStore {

  RandomWeights(String name, Map<String, long[]> shapes) {
    this(name, shapes, UnaryOperator.identity());
  }

  @Override
  public Set<String> names() {
    return shapes.keySet();
  }

  @Override
  public long[] shape(String tensor) {
    return shapes.get(tensor);
  }

  @Override
  public DType dtype(String tensor) {
    return DType.F32;
  }

  @Override
  public String fileOf(String tensor) {
    return name;
  }

  @Override
  public Tensor tensor(String tensor) {
    long[] shape = shapes.get(tensor);
    SplittableRandom random = new SplittableRandom(seedName.apply(tensor).hashCode());
    float[] data = new float[Math.toIntExact(Tensor.elementsOf(shape))];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (random.nextGaussian() * 0.02);
    }
    return new Tensor(shape, data);
  }
}
