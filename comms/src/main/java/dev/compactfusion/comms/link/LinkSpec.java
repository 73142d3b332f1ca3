package dev.compactfusion.comms.link;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An emulated link: bandwidth in bits per second of framed bytes (0 = unlimited), added one-way
 * latency, and which traffic shares a wire ({@link LinkModel}). Parsed from the strings users
 * type: {@code 100mbit}, {@code 1gbit}, {@code 10mbit}, {@code 500kbit}, {@code 5ms},
 * {@code 250us}, {@code 1s}; {@code nic}, {@code pair}, {@code shared}.
 */
public record LinkSpec(long bitsPerSecond, Duration latency, LinkModel model) {
  public static final LinkSpec UNLIMITED = new LinkSpec(0, Duration.ZERO, LinkModel.NIC);

  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(bit|kbit|mbit|gbit)(?:/s|ps)?");
  private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s)");

  public LinkSpec {
    if (bitsPerSecond < 0) {
      throw new IllegalArgumentException("link bandwidth must not be negative, got " + bitsPerSecond);
    }
    if (latency == null || latency.isNegative()) {
      throw new IllegalArgumentException("link latency must be zero or positive, got " + latency);
    }
    if (model == null) {
      model = LinkModel.NIC;
    }
  }

  /** A link of the default model, {@link LinkModel#NIC}. */
  public LinkSpec(long bitsPerSecond, Duration latency) {
    this(bitsPerSecond, latency, LinkModel.NIC);
  }

  /** Bandwidth and latency strings; null or "" for either means none. The model is {@code nic}. */
  public static LinkSpec parse(String bandwidth, String latency) {
    return parse(bandwidth, latency, null);
  }

  /** Bandwidth, latency and model strings; null or "" means none, none and {@code nic}. */
  public static LinkSpec parse(String bandwidth, String latency, String model) {
    return new LinkSpec(parseBandwidth(bandwidth), parseLatency(latency), LinkModel.parse(model));
  }

  public static long parseBandwidth(String text) {
    if (text == null || text.isBlank() || text.equalsIgnoreCase("unlimited")) {
      return 0;
    }
    Matcher m = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("link bandwidth '" + text
          + "' is not understood; write e.g. 10mbit, 100mbit, 1gbit (bits per second)");
    }
    double factor = switch (m.group(2)) {
      case "kbit" -> 1e3;
      case "mbit" -> 1e6;
      case "gbit" -> 1e9;
      default -> 1;
    };
    long bits = Math.round(Double.parseDouble(m.group(1)) * factor);
    if (bits <= 0) {
      throw new IllegalArgumentException("link bandwidth '" + text + "' must be positive");
    }
    return bits;
  }

  public static Duration parseLatency(String text) {
    if (text == null || text.isBlank()) {
      return Duration.ZERO;
    }
    Matcher m = TIME.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("link latency '" + text + "' is not understood; write e.g. 5ms, 250us, 1s");
    }
    double nanosPerUnit = switch (m.group(2)) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      default -> 1e9;
    };
    return Duration.ofNanos(Math.round(Double.parseDouble(m.group(1)) * nanosPerUnit));
  }

  public boolean isUnlimited() {
    return bitsPerSecond == 0 && latency.isZero();
  }

  /** Nanoseconds that {@code bytes} take on this link's wire (0 when the bandwidth is unlimited). */
  public long transmitNanos(long bytes) {
    return bitsPerSecond == 0 ? 0 : (long) (bytes * 8 * 1e9 / bitsPerSecond);
  }

  @Override
  public String toString() {
    return (bitsPerSecond == 0 ? "unlimited" : bitsPerSecond / 1e6 + " Mbit/s per " + model.cliName())
        + ", +" + latency.toNanos() / 1e6 + " ms";
  }
}
