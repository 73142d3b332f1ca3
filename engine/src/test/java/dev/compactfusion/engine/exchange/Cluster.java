package dev.compactfusion.engine.exchange;

import dev.compactfusion.codec.residual.StreamFactory;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.compactfusion.comms.local.LocalCluster;
import dev.compactfusion.comms.transport.CommStats;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.AttentionInput;
import dev.compactfusion.models.dit.TokenRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs one strategy on N worker threads over the local communicator: every worker calls its
 * attention for every layer of every step with its slice of the same q, k, v (as the DiT does)
 * and keeps its outputs. Each call must leave nothing behind but its output, owned by the caller's
 * manager (a leak here is a crash hundreds of steps later).
 */
final class Cluster {
  private Cluster() {}

  /** The q, k, v of the full sequence at (step, layer). */
  interface Data {
    Qkv at(int step, int layer);
  }

  /** {@code outputs[rank][step][layer]}: the worker's output rows, layout [batch, heads, own tokens, headDim]. */
  record Result(TokenRange[] ranges, float[][][][] outputs, CommStats[] stats, long[] rawBytes, long[] codecNanos) {}

  static Result run(int workers, int tokens, ExchangeStrategy strategy, IntFunction<Optional<StreamFactory>> streams,
      int steps, int layers, Data data) throws Exception {
    TokenRange[] ranges = new TokenRange[workers];
    for (int r = 0; r < workers; r++) {
      ranges[r] = TokenRange.split(tokens, workers, r);
    }
    List<Communicator> comms = LocalCluster.create(workers, Duration.ofSeconds(20));
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    float[][][][] outputs = new float[workers][steps][layers][];
    CommStats[] stats = new CommStats[workers];
    long[] raw = new long[workers];
    long[] codec = new long[workers];
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int r = 0; r < workers; r++) {
        int rank = r;
        done.add(pool.submit(() -> {
          Communicator comm = comms.get(rank);
          TokenRange own = ranges[rank];
          try (NDManager manager = NDManager.newBaseManager()) {
            Attention attention = strategy.attention(new ExchangeContext(comm, ranges, streams.apply(rank)));
            for (int step = 0; step < steps; step++) {
              for (int layer = 0; layer < layers; layer++) {
                Qkv d = data.at(step, layer);
                try (NDManager call = manager.newSubManager()) {
                  AttentionInput in = new AttentionInput(layer, step, own,
                      d.slice(call, d.q(), own), d.slice(call, d.k(), own), d.slice(call, d.v(), own));
                  int before = arrays(call);
                  int outside = arrays(manager);
                  NDArray out = attention.attend(in);
                  // getManagedArrays counts sub-managers too: the output is the one new array anywhere.
                  if (arrays(call) != before + 1 || arrays(manager) != outside + 1 || out.getManager() != call) {
                    throw new AssertionError("attend left " + (arrays(call) - before - 1) + " temporaries with the caller and "
                        + (arrays(manager) - outside - 1) + " elsewhere (step " + step + ", layer " + layer + ")");
                  }
                  outputs[rank][step][layer] = out.toFloatArray();
                }
              }
            }
            ((AutoCloseable) attention).close();
            ExchangeMeter meter = (ExchangeMeter) attention;
            raw[rank] = meter.rawBytes();
            codec[rank] = meter.codecNanos();
            stats[rank] = comm.stats();
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        try {
          f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Exception cause) {
            throw cause;
          }
          throw e;
        }
      }
    } finally {
      comms.forEach(Communicator::close);
      pool.shutdownNow();
    }
    return new Result(ranges, outputs, stats, raw, codec);
  }

  private static int arrays(NDManager manager) {
    return ((BaseNDManager) manager).getManagedArrays().size();
  }

  static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }
}
