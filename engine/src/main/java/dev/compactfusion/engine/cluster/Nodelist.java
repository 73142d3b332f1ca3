package dev.compactfusion.engine.cluster;

/**
 * Slurm's compressed host lists, e.g. {@code node[01-04,07],gpu3}: only the first host is needed
 * (rank 0 runs there under srun's default block distribution).
 */
public final class Nodelist {
  private Nodelist() {}

  /**
   * The first host of {@code list}, zero padding kept ({@code node[01-04]} gives {@code node01}).
   *
   * @throws IllegalArgumentException on an empty list or unbalanced brackets
   */
  public static String first(String list) {
    if (list == null || list.isBlank()) {
      throw new IllegalArgumentException("empty node list");
    }
    String s = list.strip();
    int end = firstTopLevelComma(s);
    String host = end < 0 ? s : s.substring(0, end);
    int open = host.indexOf('[');
    if (open < 0) {
      if (host.indexOf(']') >= 0 || host.isEmpty()) {
        throw new IllegalArgumentException("malformed node list '" + list + "'");
      }
      return host;
    }
    int close = host.indexOf(']', open);
    if (open == 0 || close < 0 || host.indexOf('[', open + 1) >= 0 && host.indexOf('[', open + 1) < close) {
      throw new IllegalArgumentException("malformed node list '" + list + "'");
    }
    String range = host.substring(open + 1, close);
    int comma = range.indexOf(',');
    String firstRange = comma < 0 ? range : range.substring(0, comma);
    int dash = firstRange.indexOf('-');
    String start = dash < 0 ? firstRange : firstRange.substring(0, dash);
    if (start.isEmpty() || !start.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("malformed node list '" + list + "'");
    }
    // Slurm allows one bracket group per host name in practice; a suffix after it is kept.
    return host.substring(0, open) + start + host.substring(close + 1);
  }

  private static int firstTopLevelComma(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
        if (depth < 0) {
          throw new IllegalArgumentException("malformed node list '" + s + "'");
        }
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("malformed node list '" + s + "'");
    }
    return -1;
  }
}
