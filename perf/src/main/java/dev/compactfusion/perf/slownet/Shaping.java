package dev.compactfusion.perf.slownet;

import java.util.Locale;

/**
 * Who slows the links down. {@code APP}: the tcp backend's shaper with its default link model, each
 * worker's interface (a worker sending to three peers shares one egress among them). {@code EXTERNAL}: the kernel,
 * e.g. a {@code tbf} qdisc on the loopback device of a network namespace the suite runs in
 * (scripts/slow-network-suite.sh); then every worker's traffic shares one link, as in the
 * published setting, and the suite only labels the runs with the rate.
 */
public enum Shaping {
  APP,
  EXTERNAL;

  public static Shaping parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown --shaping '" + s + "'; known: app, external");
    }
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
