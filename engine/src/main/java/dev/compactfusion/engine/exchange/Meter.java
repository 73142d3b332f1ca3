package dev.compactfusion.engine.exchange;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The counters behind {@link ExchangeMeter}; written by the worker thread, read by anyone. */
final class Meter implements ExchangeMeter {
  private final AtomicLong rawBytes = new AtomicLong();
  private final AtomicLong codecNanos = new AtomicLong();

  void addRaw(long bytes) {
    rawBytes.addAndGet(bytes);
  }

  <T> T timeCodec(Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      codecNanos.addAndGet(System.nanoTime() - start);
    }
  }

  @Override
  public long rawBytes() {
    return rawBytes.get();
  }

  @Override
  public long codecNanos() {
    return codecNanos.get();
  }
}
