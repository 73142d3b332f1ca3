package dev.compactfusion.models.diffusers;

import dev.compactfusion.models.safetensors.MappedSafetensors;
import dev.compactfusion.models.safetensors.TensorStore;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The reference checkpoints and outputs written by tools/reference/make_fixtures.py. */
final class Fixtures {
  private Fixtures() {}

  static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path plain() {
    return resource("reference/dit-tiny");
  }

  static Path sharded() {
    return resource("reference/dit-tiny-sharded");
  }

  static TensorStore outputs() {
    return MappedSafetensors.open(resource("reference/outputs.safetensors"));
  }

  static float[] values(String name) {
    return outputs().tensor(name).data();
  }

  static int[] ints(String name) {
    float[] v = values(name);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.round(v[i]);
    }
    return out;
  }

  static double maxAbsError(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new AssertionError(actual.length + " values, expected " + expected.length);
    }
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      worst = Math.max(worst, Math.abs((double) actual[i] - expected[i]));
    }
    return worst;
  }

  /** Largest absolute error relative to the reference's largest magnitude. */
  static double relativeError(float[] actual, float[] expected) {
    double scale = 0;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    return maxAbsError(actual, expected) / scale;
  }

  static void report(String what, float[] actual, float[] expected) {
    System.out.printf("%s: max abs error %.3g, relative %.3g (reference max |x| %.4g)%n", what,
        maxAbsError(actual, expected), relativeError(actual, expected),
        maxAbsError(expected, new float[expected.length]));
  }
}
