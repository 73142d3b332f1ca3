package dev.compactfusion.perf.bench;

import dev.compactfusion.comms.link.LinkSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * One column of the link axis: {@code none} (no emulation: the backend's own speed) or an emulated
 * bandwidth such as {@code 1gbit}, {@code 100mbit}, {@code 10mbit}, each direction of each worker
 * pair shaped on its own (the tcp backend's link shaper).
 */
public record LinkSetting(String name, long bitsPerSecond) {
  public static final LinkSetting NONE = new LinkSetting("none", 0);

  public LinkSetting {
    if (name == null || name.isBlank() || bitsPerSecond < 0) {
      throw new IllegalArgumentException("a link needs a name and a bandwidth >= 0");
    }
  }

  public static LinkSetting parse(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (s.equals("none") || s.equals("unlimited")) {
      return NONE;
    }
    try {
      return new LinkSetting(s, LinkSpec.parseBandwidth(s));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad --link '" + (text == null ? "" : text.strip())
          + "': write none or a bandwidth such as 10mbit, 100mbit, 1gbit");
    }
  }

  public static List<LinkSetting> parseAll(List<String> texts) {
    if (texts == null || texts.isEmpty()) {
      throw new IllegalArgumentException("no links given: use --link none or e.g. --link 1gbit,100mbit");
    }
    LinkedHashSet<LinkSetting> out = new LinkedHashSet<>();
    for (String t : texts) {
      out.add(parse(t));
    }
    return new ArrayList<>(out);
  }

  public boolean emulated() {
    return bitsPerSecond > 0;
  }

  /** Megabits per second, for axes; 0 for none. */
  public double megabits() {
    return bitsPerSecond / 1e6;
  }

  @Override
  public String toString() {
    return name;
  }
}
