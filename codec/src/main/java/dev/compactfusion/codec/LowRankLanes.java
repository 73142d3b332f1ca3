package dev.compactfusion.codec;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of lowrank's products ({@link LowRankCodec}). Each output element gets
 * exactly the scalar loops' sum, term by term in the same order, without FMA: the vectors run
 * across the elements the scalar code updates independently (rank columns, or channels), and
 * four rows share one pass so that four accumulation chains overlap. Vectors of {@link Lanes}'
 * 8 lanes, which rank columns are grouped by.
 */
final class LowRankLanes {
  /** Rank columns per vector (Lanes.L, as a constant LowRankCodec can read without loading the vector classes); the products need rank % 8 == 0. */
  static final int RANK_LANES = 8;
  private static final VectorSpecies<Float> K = Lanes.F;
  private static final int ROWS = 4;
  private static final VectorSpecies<Integer> KI = Lanes.I;

  private LowRankLanes() {}

  /**
   * A float in every lane, broadcast as its int bits (exact: only bits move). Introduced while
   * chasing the slow mixed-shape loops (see {@link Lanes}); whether FloatVector.broadcast is just
   * as fast is not checked (an int broadcast is one instruction either way).
   */
  private static FloatVector splatK(float x) {
    return IntVector.broadcast(KI, Float.floatToRawIntBits(x)).reinterpretAsFloats();
  }

  /**
   * u (tokens x rank) = d (tokens x channels) * basis (channels x rank), sums in channel order,
   * held in vector variables along the channel loop (summing into u in memory instead looked
   * about four times slower in rough runs: each step waits for the previous store).
   */
  static void times(float[] d, float[] basis, float[] u, int tokens, int channels, int rank) {
    int n = 0;
    for (; n <= tokens - ROWS; n += ROWS) {
      int r0 = n * channels;
      int r1 = r0 + channels;
      int r2 = r1 + channels;
      int r3 = r2 + channels;
      for (int kb = 0; kb < rank; kb += RANK_LANES) {
        FloatVector a0 = FloatVector.zero(K);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int c = 0, q = kb; c < channels; c++, q += rank) {
          FloatVector b = FloatVector.fromArray(K, basis, q);
          a0 = a0.add(b.mul(splatK(d[r0 + c])));
          a1 = a1.add(b.mul(splatK(d[r1 + c])));
          a2 = a2.add(b.mul(splatK(d[r2 + c])));
          a3 = a3.add(b.mul(splatK(d[r3 + c])));
        }
        a0.intoArray(u, n * rank + kb);
        a1.intoArray(u, (n + 1) * rank + kb);
        a2.intoArray(u, (n + 2) * rank + kb);
        a3.intoArray(u, (n + 3) * rank + kb);
      }
    }
    for (; n < tokens; n++) {
      int r0 = n * channels;
      for (int kb = 0; kb < rank; kb += RANK_LANES) {
        FloatVector a0 = FloatVector.zero(K);
        for (int c = 0, q = kb; c < channels; c++, q += rank) {
          a0 = a0.add(FloatVector.fromArray(K, basis, q).mul(splatK(d[r0 + c])));
        }
        a0.intoArray(u, n * rank + kb);
      }
    }
  }

  /** z (channels x rank) = d^T * u, sums in token order. */
  static void transposeTimes(float[] d, float[] u, float[] z, int tokens, int channels, int rank) {
    java.util.Arrays.fill(z, 0f);
    int n = 0;
    for (; n <= tokens - ROWS; n += ROWS) {
      int r0 = n * channels;
      int u0 = n * rank;
      for (int kb = 0; kb < rank; kb += RANK_LANES) {
        // The four rows' u values for these rank columns do not change along the channels.
        FloatVector v0 = FloatVector.fromArray(K, u, u0 + kb);
        FloatVector v1 = FloatVector.fromArray(K, u, u0 + rank + kb);
        FloatVector v2 = FloatVector.fromArray(K, u, u0 + 2 * rank + kb);
        FloatVector v3 = FloatVector.fromArray(K, u, u0 + 3 * rank + kb);
        for (int c = 0, zo = kb; c < channels; c++, zo += rank) {
          FloatVector acc = FloatVector.fromArray(K, z, zo);
          acc = acc.add(v0.mul(splatK(d[r0 + c])));
          acc = acc.add(v1.mul(splatK(d[r0 + channels + c])));
          acc = acc.add(v2.mul(splatK(d[r0 + 2 * channels + c])));
          acc = acc.add(v3.mul(splatK(d[r0 + 3 * channels + c])));
          acc.intoArray(z, zo);
        }
      }
    }
    for (; n < tokens; n++) {
      int r0 = n * channels;
      for (int c = 0; c < channels; c++) {
        float x0 = d[r0 + c];
        for (int kb = 0, zo = c * rank; kb < rank; kb += RANK_LANES, zo += RANK_LANES) {
          FloatVector.fromArray(K, z, zo).add(FloatVector.fromArray(K, u, n * rank + kb).mul(splatK(x0))).intoArray(z, zo);
        }
      }
    }
  }

  /** target (tokens x channels) += u * v, each element's terms in rank order (rank % 8 == 0). */
  static void addProduct(float[] u, float[] v, float[] target, int tokens, int channels, int rank) {
    for (int n = 0; n < tokens; n++) {
      int row = n * channels;
      for (int k = 0; k < rank; k++) {
        float a = u[n * rank + k];
        int vo = k * channels;
        int c = 0;
        for (; c <= channels - RANK_LANES; c += RANK_LANES) {
          FloatVector t = FloatVector.fromArray(K, target, row + c);
          t.add(FloatVector.fromArray(K, v, vo + c).mul(splatK(a))).intoArray(target, row + c);
        }
        for (; c < channels; c++) {
          target[row + c] += a * v[vo + c];
        }
      }
    }
  }
}
