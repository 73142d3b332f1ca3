package dev.compactfusion.comms.link;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which bytes share an emulated wire. Hosts on a switch ({@link #NIC}) are how a cluster is
 * wired; one wire per pair ({@link #PAIR}) gives every worker N−1 full-rate links and so
 * flatters all-to-all patterns by N−1; {@link #SHARED} is one medium for all traffic, what the
 * published loopback HTB emulation measures.
 */
public enum LinkModel {
  /** Each worker's interface: its egress is shared by all its peers, and so is its ingress. */
  NIC("nic"),
  /** Each ordered pair of workers has a wire of its own. */
  PAIR("pair"),
  /** All workers' traffic crosses one wire (emulated inside one JVM). */
  SHARED("shared");

  private final String cliName;

  LinkModel(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /** {@code nic}, {@code pair} or {@code shared}; null or blank: {@link #NIC}. */
  public static LinkModel parse(String text) {
    if (text == null || text.isBlank()) {
      return NIC;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (LinkModel m : values()) {
      if (m.cliName.equals(t)) {
        return m;
      }
    }
    throw new IllegalArgumentException("link model '" + text + "' is not known; use one of "
        + Arrays.stream(values()).map(LinkModel::cliName).collect(Collectors.joining(", ")));
  }
}
