package dev.compactfusion.perf.exchange;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.codec.residual.StreamConfig;
import dev.compactfusion.comms.transport.CommStats;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.codec.residual.ResidualStreams;
import dev.compactfusion.engine.exchange.ExchangeContext;
import dev.compactfusion.engine.exchange.ExchangeMeter;
import dev.compactfusion.engine.exchange.ExchangeAttention;
import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.exchange.StrategyOptions;
import dev.compactfusion.codec.residual.StreamFactory;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.AttentionInput;
import dev.compactfusion.models.dit.TokenRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one variant ("strategy" or "strategy+codec") on worker threads: every layer of every
 * step attends through the strategy and, when asked, runs an MLP on its own tokens. Step 0 is
 * the warmup (raw exchanges, libtorch warming up) and is not measured.
 */
final class BenchRun {
  private record WorkerResult(long start, long end, long sent, long raw, long codec, long blocked) {}

  private BenchRun() {}

  static BenchRow run(BenchConfig cfg, String transport, String variant) throws Exception {
    String[] parts = variant.split("\\+", 2);
    String strategy = parts[0];
    Optional<StreamFactory> streams = parts.length == 2
        ? Optional.of(new ResidualStreams(StreamConfig.of(parts[1])))
        : Optional.empty();
    int n = cfg.workers();
    TokenRange[] ranges = new TokenRange[n];
    for (int r = 0; r < n; r++) {
      ranges[r] = TokenRange.split(cfg.tokens(), n, r);
    }
    List<Communicator> comms = BenchGroup.open(transport, n, cfg.link());
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<WorkerResult>> futures = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        Communicator comm = comms.get(r);
        TokenRange own = ranges[r];
        // Stream factories keep no state (each stream is its own object), so workers may share one.
        futures.add(pool.submit(() -> worker(cfg, comm, ranges, own, strategy, streams)));
      }
      long start = Long.MAX_VALUE;
      long end = Long.MIN_VALUE;
      double sent = 0;
      double raw = 0;
      double codec = 0;
      double blocked = 0;
      for (Future<WorkerResult> f : futures) {
        WorkerResult w = f.get(30, TimeUnit.MINUTES);
        start = Math.min(start, w.start());
        end = Math.max(end, w.end());
        sent += w.sent();
        raw += w.raw();
        codec += w.codec();
        blocked += w.blocked();
      }
      double steps = cfg.steps() - 1;
      return new BenchRow(transport, variant, (end - start) / 1e9 / steps, sent / n / steps, raw / n / steps,
          codec / 1e9 / n / steps, blocked / 1e9 / n / steps);
    } finally {
      comms.forEach(Communicator::close);
      pool.shutdownNow();
    }
  }

  private static WorkerResult worker(BenchConfig cfg, Communicator comm, TokenRange[] ranges, TokenRange own,
      String strategy, Optional<StreamFactory> streams) throws Exception {
    int width = cfg.heads() * cfg.headDim();
    Shape shape = new Shape(cfg.batch(), cfg.heads(), own.length(), cfg.headDim());
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray q0 = manager.randomNormal(shape);
      NDArray k0 = manager.randomNormal(shape);
      NDArray v0 = manager.randomNormal(shape);
      NDArray w1 = manager.randomNormal(0, 0.02f, new Shape(width, 4L * width), q0.getDataType());
      NDArray w2 = manager.randomNormal(0, 0.02f, new Shape(4L * width, width), q0.getDataType());
      ExchangeAttention attention = Strategy.parse(strategy).exchange(new StrategyOptions(1, 1, 1))
          .attention(new ExchangeContext(comm, ranges, streams));
      ExchangeMeter meter = attention;
      long start = 0;
      CommStats warm = null;
      long raw0 = 0;
      long codec0 = 0;
      for (int step = 0; step < cfg.steps(); step++) {
        if (step == 1) {
          start = System.nanoTime();
          warm = comm.stats();
          raw0 = meter.rawBytes();
          codec0 = meter.codecNanos();
        }
        for (int layer = 0; layer < cfg.layers(); layer++) {
          try (NDManager call = manager.newSubManager()) {
            // Activations that change a little from step to step, as a DiT's do.
            float drift = 0.01f * step;
            NDArray q = call.full(shape, drift).add(q0);
            NDArray k = call.full(shape, drift).add(k0);
            NDArray v = call.full(shape, drift).add(v0);
            NDArray out = attention.attend(new AttentionInput(layer, step, own, q, k, v));
            if (cfg.mlp()) {
              NDArray x = out.transpose(0, 2, 1, 3).reshape(cfg.batch() * (long) own.length(), width);
              x.matMul(w1).tanh().matMul(w2).toFloatArray();
            } else {
              out.toFloatArray();
            }
          }
        }
      }
      long end = System.nanoTime();
      attention.close();
      CommStats last = comm.stats();
      return new WorkerResult(start, end, last.bytesSent() - warm.bytesSent(), meter.rawBytes() - raw0,
          meter.codecNanos() - codec0, last.blockedNanos() - warm.blockedNanos());
    }
  }
}
