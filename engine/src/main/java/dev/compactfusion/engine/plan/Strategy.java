package dev.compactfusion.engine.plan;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The parallel strategies a plan can name (DESIGN.md section 2). {@code SERIAL} is the runtime's own
 * reference (one worker per branch, exact attention); the others are looked up by {@link #cliName()}
 * in the exchange registry.
 */
public enum Strategy {
  SERIAL("serial", true),
  PATCH("patch", true),
  DISTRIFUSION("distrifusion", false),
  COMPACT_ASYNC("compact-async", false),
  ULYSSES("ulysses", true),
  RING("ring", true),
  USP("usp", true);

  private final String cliName;
  private final boolean exact;

  Strategy(String cliName, boolean exact) {
    this.cliName = cliName;
    this.exact = exact;
  }

  public String cliName() {
    return cliName;
  }

  /** Whether, uncompressed, the strategy reproduces serial attention (stale strategies do not). */
  public boolean exact() {
    return exact;
  }

  /** Remote K,V used one step stale: needs synchronous warmup steps first. */
  public boolean stale() {
    return this == DISTRIFUSION || this == COMPACT_ASYNC;
  }

  public static Strategy parse(String name) {
    for (Strategy s : values()) {
      if (s.cliName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown parallel strategy '" + name + "'; known: " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(Strategy::cliName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
