/**
 * Frames and how they are written and read: PNG, GIF and MP4 files (atomically), palettes. No
 * DJL, no model.
 */
package dev.compactfusion.models.media;
