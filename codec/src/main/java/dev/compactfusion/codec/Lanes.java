package dev.compactfusion.codec;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the codec kernels share: floats at the machine's preferred width and ints,
 * shorts and bytes with the same lane count, so that widening and narrowing conversions map lane
 * to lane. Only loaded when {@link VectorKernels#ENABLED}.
 */
final class Lanes {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
  static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
  static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));
  static final int L = F.length();
  /** Lane l holds l: shift counts that move bit l of a broadcast word into lane l. */
  static final IntVector INDEX = IntVector.zero(I).addIndex(1);

  private Lanes() {}
}
