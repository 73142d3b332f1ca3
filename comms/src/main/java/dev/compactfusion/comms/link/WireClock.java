package dev.compactfusion.comms.link;

/**
 * The clock of one emulated wire: when it has finished the bytes handed to it so far. Shared by
 * every channel whose bytes cross the same wire (one interface, or one medium), so it is
 * thread-safe; times are {@link System#nanoTime()} values.
 */
public final class WireClock {
  private long freeAtNanos = Long.MIN_VALUE;

  /**
   * Sending side: bytes handed over at {@code nowNanos} start when the wire is free and take
   * {@code transmitNanos}; returns when their last bit has left.
   */
  public synchronized long send(long nowNanos, long transmitNanos) {
    freeAtNanos = Math.max(nowNanos, freeAtNanos) + transmitNanos;
    return freeAtNanos;
  }

  /**
   * Receiving side: a whole message whose last byte arrived at {@code nowNanos}, after crossing a
   * sender's wire of the same rate, so its bytes could have streamed in from {@code transmitNanos}
   * earlier. It is delivered when it has arrived and when this wire has also finished it after
   * the previous ones: a lone paced sender is not delayed again, while k senders converging on one
   * receiver take k times as long, as on a real interface.
   */
  public synchronized long receive(long nowNanos, long transmitNanos) {
    long start = freeAtNanos == Long.MIN_VALUE ? nowNanos - transmitNanos : freeAtNanos;
    freeAtNanos = Math.max(nowNanos, start + transmitNanos);
    return freeAtNanos;
  }
}
