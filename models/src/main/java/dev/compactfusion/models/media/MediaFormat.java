package dev.compactfusion.models.media;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The file formats {@link MediaIO} reads and writes, chosen by the file name's extension. */
enum MediaFormat {
  PNG("png"),
  GIF("gif"),
  MP4("mp4");

  private final String extension;

  MediaFormat(String extension) {
    this.extension = extension;
  }

  static MediaFormat of(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    for (MediaFormat format : values()) {
      if (lower.endsWith("." + format.extension)) {
        return format;
      }
    }
    throw new IllegalArgumentException("unsupported file type '" + name + "': use one of "
        + Arrays.stream(values()).map(f -> "." + f.extension).collect(Collectors.joining(", ")));
  }
}
