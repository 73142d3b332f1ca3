package dev.compactfusion.codec;

import jdk.incubator.vector.FloatVector;

/**
 * Whether the codecs run their Vector API loops ({@link Lanes} and the *Lanes kernels) or the
 * scalar ones. Both give bit-identical bodies and reconstructions; the vector loops need the
 * {@code jdk.incubator.vector} module (added by the build, ./compactfusion and the worker command
 * line) and 256-bit vectors (AVX2 or wider). {@code -Dcompactfusion.codec.scalar=true} forces the
 * scalar loops, e.g. to compare the two. This class touches the vector classes only after the
 * module check, so it loads in a JVM without the module.
 */
final class VectorKernels {
  static final boolean ENABLED = moduleLoaded() && !Boolean.getBoolean("compactfusion.codec.scalar") && wideEnough();

  private VectorKernels() {}

  private static boolean moduleLoaded() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  private static boolean wideEnough() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
  }
}
