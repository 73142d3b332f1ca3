/**
 * How lossy the video formats are: GIF and MP4 written and read back, against the 8-bit original.
 */
package dev.compactfusion.perf.media;
