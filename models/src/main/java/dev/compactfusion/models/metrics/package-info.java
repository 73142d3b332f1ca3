/**
 * PSNR and SSIM between two sets of frames of the same shape. Pure arithmetic on frames: no
 * model, no DJL.
 */
package dev.compactfusion.models.metrics;
