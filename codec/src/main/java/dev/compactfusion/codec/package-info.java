/**
 * Codecs that compress one tokens x channels float matrix into a byte body and back (fp16,
 * int8/int4, 1bit/2bit signs with scales, low rank, top-k), the size limit every codec input
 * shares ({@link dev.compactfusion.codec.Codecs#MAX_ELEMENTS}), and {@link
 * dev.compactfusion.codec.Half}, the project's one float16/bfloat16 converter. Half lives here,
 * at the bottom of the module graph, because the codecs need it bit-exact for the wire and models
 * needs it for F16/BF16 safetensors files: models depends on this module (which depends only on
 * JCuda) rather than the converter being written twice, and codec never depends on models. Must
 * not know Netty, DJL, transports, models or workers.
 */
package dev.compactfusion.codec;
