/**
 * The fidelity table: PSNR and SSIM of every parallel method against serial generation over
 * prompt x seed pairs.
 */
package dev.compactfusion.perf.fidelity;
