/**
 * Reading and writing safetensors files (F32, F16, BF16) with their header checks; 16-bit values
 * go through codec's {@code Half} so that no 16-bit tensor reaches DJL. No DJL, nothing of other
 * workers.
 */
package dev.compactfusion.models.safetensors;
