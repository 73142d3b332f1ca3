package dev.compactfusion.perf.exchange;

import java.util.List;

/**
 * One exchange benchmark: the shape of the attention layers, how many workers and layer-steps,
 * the strategy variants to compare ("ring", "ring+1bit", ...), the transports ("local", or
 * "tcp" over loopback shaped to {@code link}), and whether each layer also runs a token-local
 * MLP (the compute that asynchronous exchanges overlap with).
 */
record BenchConfig(int workers, int batch, int tokens, int heads, int headDim, int layers, int steps,
    int repeats, boolean mlp, String link, List<String> transports, List<String> variants) {
  BenchConfig {
    if (workers < 1 || batch < 1 || tokens < workers || heads < 1 || headDim < 1 || layers < 1) {
      throw new IllegalArgumentException("workers, batch, heads, head-dim, layers must be positive and tokens >= workers");
    }
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
    }
    if (steps < 2) {
      throw new IllegalArgumentException("steps must be at least 2 (step 0 is warmup and not timed), got " + steps);
    }
    for (String t : transports) {
      if (!t.equals("local") && !t.equals("tcp")) {
        throw new IllegalArgumentException("transport '" + t + "' is not local or tcp");
      }
    }
    transports = List.copyOf(transports);
    variants = List.copyOf(variants);
  }

  static BenchConfig parse(String[] args) {
    int workers = 4;
    int batch = 2;
    int tokens = 256;
    int heads = 8;
    int headDim = 64;
    int layers = 4;
    int steps = 4;
    int repeats = 2;
    boolean mlp = true;
    String link = "100mbit";
    List<String> transports = List.of("local", "tcp");
    List<String> variants = List.of("patch", "patch+1bit", "distrifusion", "compact-async+1bit", "ring", "ring+1bit",
        "ulysses", "ulysses+1bit");
    for (int i = 0; i < args.length; i++) {
      String key = args[i];
      if (key.equals("--no-mlp")) {
        mlp = false;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(key + " needs a value");
      }
      String value = args[++i];
      switch (key) {
        case "--workers" -> workers = Integer.parseInt(value);
        case "--batch" -> batch = Integer.parseInt(value);
        case "--tokens" -> tokens = Integer.parseInt(value);
        case "--heads" -> heads = Integer.parseInt(value);
        case "--head-dim" -> headDim = Integer.parseInt(value);
        case "--layers" -> layers = Integer.parseInt(value);
        case "--steps" -> steps = Integer.parseInt(value);
        case "--repeats" -> repeats = Integer.parseInt(value);
        case "--link" -> link = value;
        case "--transports" -> transports = List.of(value.split(","));
        case "--variants" -> variants = List.of(value.split(","));
        default -> throw new IllegalArgumentException("unknown option " + key + "; see compactfusion tools exchange-bench --help");
      }
    }
    return new BenchConfig(workers, batch, tokens, heads, headDim, layers, steps, repeats, mlp, link, transports, variants);
  }
}
