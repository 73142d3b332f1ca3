package dev.compactfusion.perf.bench;

import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.exchange.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A method of the bench matrix as written after {@code --methods}: a strategy name ({@code serial},
 * {@code patch}, {@code distrifusion}, {@code ulysses}, {@code ring}, {@code usp}),
 * {@code compact:CODEC} (CompactFusion as published: the synchronous patch all-gather of K,V sent as
 * compressed residuals with error feedback), or {@code STRATEGY:CODEC} for any other strategy that
 * can compress ({@code ring:1bit}, {@code ulysses:2bit}, {@code compact-async:1bit}).
 *
 * @param name the canonical spelling, used as the method's label in every table
 * @param codec "none" for raw fp32 exchanges
 */
public record MethodSpec(String name, Strategy strategy, String codec) {
  public static final String COMPACT = "compact";

  public MethodSpec {
    if (name == null || strategy == null || codec == null) {
      throw new IllegalArgumentException("method name, strategy and codec are required");
    }
  }

  public static MethodSpec parse(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty method name in --methods; known: " + known());
    }
    int colon = s.indexOf(':');
    String head = colon < 0 ? s : s.substring(0, colon);
    String codecText = colon < 0 ? "none" : s.substring(colon + 1);
    if (head.equals(COMPACT)) {
      if (colon < 0) {
        throw new IllegalArgumentException("method 'compact' needs a codec, e.g. compact:1bit or compact:lowrank:8");
      }
      return new MethodSpec(s, Strategy.PATCH, codec(text, codecText));
    }
    Strategy strategy;
    try {
      strategy = Strategy.parse(head);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown method '" + text.strip() + "'; known: " + known());
    }
    if (colon < 0) {
      if (strategy == Strategy.COMPACT_ASYNC) {
        throw new IllegalArgumentException("method 'compact-async' needs a codec, e.g. compact-async:1bit");
      }
      return new MethodSpec(s, strategy, "none");
    }
    if (strategy == Strategy.SERIAL || strategy == Strategy.DISTRIFUSION) {
      throw new IllegalArgumentException("method '" + text.strip() + "': " + strategy
          + " exchanges nothing compressed; use " + strategy + (strategy == Strategy.DISTRIFUSION
              ? " or compact-async:" + codecText : ""));
    }
    String codec = codec(text, codecText);
    return new MethodSpec(codec.equals("none") ? head : head + ":" + codec, strategy, codec);
  }

  /** Parses a comma-separated list's items, dropping repeats but keeping the order. */
  public static List<MethodSpec> parseAll(List<String> texts) {
    if (texts == null || texts.isEmpty()) {
      throw new IllegalArgumentException("no methods given; known: " + known());
    }
    LinkedHashSet<MethodSpec> out = new LinkedHashSet<>();
    for (String t : texts) {
      out.add(parse(t));
    }
    return new ArrayList<>(out);
  }

  private static String codec(String method, String codecText) {
    try {
      CodecSpec.parse(codecText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("method '" + method.strip() + "': " + e.getMessage());
    }
    return codecText;
  }

  public static String known() {
    return "serial, patch, distrifusion, ulysses, ring, usp, compact:CODEC (e.g. compact:1bit, compact:2bit, "
        + "compact:lowrank:8), STRATEGY:CODEC (e.g. ring:1bit, ulysses:2bit, compact-async:1bit)";
  }

  public boolean serial() {
    return strategy == Strategy.SERIAL;
  }

  /** Serial runs on one worker whatever the matrix says; every other method on {@code workers}. */
  public int workersFor(int workers) {
    return serial() ? 1 : workers;
  }

  /**
   * The engine plan on {@code workers} workers. USP splits them as Ulysses degree = the smallest
   * prime factor, ring degree = the rest (2x2 for 4 workers), the usual first choice.
   */
  public ParallelPlan plan(int workers, int warmup) {
    int n = workersFor(workers);
    int ulysses = 0;
    int ring = 0;
    if (strategy == Strategy.USP) {
      ulysses = smallestPrimeFactor(n);
      ring = n / ulysses;
    }
    return ParallelPlan.of(strategy, n, ulysses, ring, false, ParallelPlan.Compression.parse(codec, "ef", warmup));
  }

  private static int smallestPrimeFactor(int n) {
    for (int f = 2; f * f <= n; f++) {
      if (n % f == 0) {
        return f;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return name;
  }
}
