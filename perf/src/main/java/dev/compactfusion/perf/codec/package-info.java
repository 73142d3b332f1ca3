/**
 * Codec studies on real and synthetic activations: recording a serial run's K/V, the residual
 * study, the CPU codec bench and the CUDA kernel bench (run as {@code compactfusion tools ...}).
 * Measures codecs and streams in isolation: no communicator.
 */
package dev.compactfusion.perf.codec;
