package dev.compactfusion.perf.codec;

/** Successive denoising steps of one tensor (tokens x channels, row-major) for codec benchmarks. */
public interface ActivationSource {
  String name();

  int tokens();

  int channels();

  int steps();

  /** Step {@code t} (0-based), a fresh array. */
  float[] step(int t);
}
