package dev.compactfusion.serve;

import io.netty.channel.ChannelFuture;
import java.time.Duration;

/**
 * Answers handed to Netty but not yet written to their sockets. A pool's answer is written from the
 * runner thread, so it is only queued on the connection's event loop when the job counts as answered;
 * a drain that shut the loops down at that moment would close the connection before the bytes went
 * out. Drain waits here first.
 */
final class AnswersInFlight {
  private int pending;

  /** Counts one write until its future completes, whether it succeeded or the peer went away. */
  synchronized ChannelFuture track(ChannelFuture write) {
    pending++;
    write.addListener(f -> done());
    return write;
  }

  private synchronized void done() {
    pending--;
    notifyAll();
  }

  /** Waits until every tracked write has completed, or the timeout passes (a client that stopped reading). */
  synchronized void awaitNone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending > 0 && System.nanoTime() < deadline) {
      wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
  }
}
