package dev.compactfusion.perf.bench;

import dev.compactfusion.codec.CodecKind;
import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.residual.ResidualMode;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.exchange.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A method of the bench matrix, spelled {@code STRATEGY[:CODEC]} with the strategy's own name
 * ({@link Strategy#cliName()}): {@code serial}, {@code ring}, {@code ring:1bit}, {@code ulysses:2bit},
 * {@code compact-async:1bit}. The patch all-gather with a codec is CompactFusion as published and is
 * named {@code compact:CODEC} ({@code patch:CODEC} is read as the same method). The cost model
 * names its methods the same way.
 *
 * <p>{@code STRATEGY:fp16} is the strategy exchanging its activations in half precision (residual
 * mode naive: no residual, no error feedback), which is what the published systems exchange and
 * so the uncompressed baseline of the slow-network suite; it is labelled {@code patch:fp16}, not
 * {@code compact:fp16}, because nothing is compressed beyond the precision. DistriFusion takes fp16
 * and no other codec.
 *
 * @param name the canonical spelling ({@link Strategy#methodName}), used as the label in every table
 * @param codec {@code none} for raw fp32 exchanges
 */
public record MethodSpec(String name, Strategy strategy, CodecSpec codec) {
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
    String codecText = colon < 0 ? null : s.substring(colon + 1);
    if (head.equals(Strategy.COMPACT)) {
      if (codecText == null) {
        throw new IllegalArgumentException("method 'compact' needs a codec, e.g. compact:1bit or compact:lowrank:8");
      }
      return of(Strategy.PATCH, codec(text, codecText));
    }
    Strategy strategy;
    try {
      strategy = Strategy.parse(head);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown method '" + text.strip() + "'; known: " + known());
    }
    if (codecText == null) {
      if (strategy.codec() == Strategy.Codec.REQUIRED) {
        throw new IllegalArgumentException("method '" + strategy + "' needs a codec, e.g. " + strategy + ":1bit");
      }
      return of(strategy, CodecSpec.of(CodecKind.NONE));
    }
    CodecSpec codec = codec(text, codecText);
    if (strategy.codec() == Strategy.Codec.HALF_ONLY && codec.kind() != CodecKind.FP16) {
      throw new IllegalArgumentException("method '" + text.strip() + "': " + strategy + " sends activations, "
          + "in fp32 or fp16 (" + strategy + ":fp16); for compressed stale exchanges use "
          + Strategy.COMPACT_ASYNC + ":" + codecText);
    }
    if (!strategy.exchanges() || strategy.codec() == Strategy.Codec.NONE) {
      throw new IllegalArgumentException("method '" + text.strip() + "': " + strategy
          + " exchanges nothing compressed; use " + strategy);
    }
    return of(strategy, codec);
  }

  private static MethodSpec of(Strategy strategy, CodecSpec codec) {
    String name = codec.kind() == CodecKind.FP16 ? strategy.cliName() + ":" + codec : strategy.methodName(codec);
    return new MethodSpec(name, strategy, codec);
  }

  /** Whether the method only halves the precision of what its strategy sends. */
  public boolean halfPrecision() {
    return codec.kind() == CodecKind.FP16;
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

  private static CodecSpec codec(String method, String codecText) {
    try {
      return CodecSpec.parse(codecText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("method '" + method.strip() + "': " + e.getMessage());
    }
  }

  public static String known() {
    return Strategy.names() + ", STRATEGY:CODEC (e.g. ring:1bit, ulysses:2bit, compact-async:1bit), "
        + Strategy.COMPACT + ":CODEC for patch with a codec (e.g. compact:1bit, compact:lowrank:8)";
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
    ResidualMode mode = halfPrecision() ? ResidualMode.NAIVE : ResidualMode.EF;
    return ParallelPlan.of(strategy, n, ulysses, ring, false, new ParallelPlan.Compression(codec, mode, warmup));
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
