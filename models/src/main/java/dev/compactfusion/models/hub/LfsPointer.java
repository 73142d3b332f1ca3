package dev.compactfusion.models.hub;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Git LFS pointer (spec v1), what the Hub's {@code raw/} URL returns for an LFS-tracked file:
 * the sha256 and size of the real content, which the download is checked against.
 */
public record LfsPointer(String sha256, long size) {
  /** Pointer files are shorter than this (LFS spec); anything longer is a file's own content. */
  public static final int MAX_LENGTH = 1024;

  private static final String VERSION = "https://git-lfs.github.com/spec/v1";
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

  /** The pointer in {@code text}, or empty when {@code text} is an ordinary file's content. */
  public static Optional<LfsPointer> parse(String text) {
    Map<String, String> keys = new HashMap<>();
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0) {
        keys.put(line.substring(0, space), line.substring(space + 1).strip());
      }
    }
    String oid = keys.getOrDefault("oid", "");
    String size = keys.getOrDefault("size", "");
    if (!text.startsWith("version " + VERSION) || !SHA256.matcher(oid).matches() || !size.matches("\\d{1,18}")) {
      return Optional.empty();
    }
    return Optional.of(new LfsPointer(oid.substring("sha256:".length()), Long.parseLong(size)));
  }
}
