package dev.compactfusion.comms.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Runs one function per rank, each on its own thread, as the workers of a group would. */
public final class Ranks {
  private Ranks() {}

  public static <T> List<T> run(List<Communicator> comms, Function<Communicator, T> body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(comms.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Communicator c : comms) {
        futures.add(pool.submit(() -> body.apply(c)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
