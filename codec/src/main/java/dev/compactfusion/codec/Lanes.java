package dev.compactfusion.codec;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the codec kernels share: 8 floats (256 bits) and ints, shorts and bytes
 * with the same lane count, so that widening and narrowing conversions map lane to lane. One
 * fixed shape for every kernel, not the machine's preferred one: in rough runs on an AVX-512
 * machine, a JVM whose loops used both 512-bit and 256-bit float vectors (lowrank needs 8
 * lanes) compiled some of them tens of times slower (the API's shared code sees both shapes and
 * is no longer inlined into vector instructions); 256 bits also run on every AVX2 machine. Only
 * loaded when {@link VectorKernels#ENABLED}.
 */
final class Lanes {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
  static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
  static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));
  static final int L = F.length();
  /** Lane l holds l: shift counts that move bit l of a broadcast word into lane l. */
  static final IntVector INDEX = IntVector.zero(I).addIndex(1);

  private Lanes() {}
}
