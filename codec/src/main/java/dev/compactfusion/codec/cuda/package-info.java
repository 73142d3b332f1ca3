/**
 * The CUDA twins of the residual codecs: PTX kernels loaded through JCuda's driver API,
 * availability probing with a reason, and the agreement check against the Java codecs. Knows
 * nothing of the residual streams' state, transports or DJL; without a device everything reports
 * why and skips.
 */
package dev.compactfusion.codec.cuda;
