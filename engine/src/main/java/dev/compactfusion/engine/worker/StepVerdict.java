package dev.compactfusion.engine.worker;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.models.sampling.StepListener;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;

/**
 * After each step of a stoppable job, rank 0's word to every worker: go on, or stop here. Rank 0
 * tells its own listener first; when that throws {@link CancellationException} (a cancel), every
 * worker is told to stop and rank 0 throws it on; the others then throw
 * {@link JobStoppedException}. All of them stop at the same step boundary, so no worker is left
 * waiting for a peer that has gone, and the pool keeps its workers.
 *
 * <p>The cost is one broadcast of one byte per step that every worker waits for before its next
 * step: one link latency plus rank 0's lag, outside the measured step times (the run's wall time
 * includes it). A one-shot run has no verdicts.
 */
final class StepVerdict implements StepListener {
  private static final String KIND = "step-verdict";
  private static final byte GO = 1;
  private static final byte STOP = 0;

  private final Communicator group;
  private final long serial;
  private final StepListener rankZeroListener;

  /**
   * @param group the job's own group (all workers, rank 0 first)
   * @param rankZeroListener what rank 0 tells after each step; not called on the other ranks
   */
  StepVerdict(Communicator group, long serial, StepListener rankZeroListener) {
    this.group = group;
    this.serial = serial;
    this.rankZeroListener = rankZeroListener;
  }

  @Override
  public void stepDone(int done, int total) {
    Tag tag = new Tag(KIND, 0, done, 0);
    if (group.rank() != 0) {
      ByteBuffer word = Waits.await(group.broadcastAsync(tag, null, 0), group, "waiting for rank 0's word after step "
          + done);
      if (word.remaining() != 1) {
        throw new IllegalStateException("malformed step verdict: " + word.remaining() + " bytes");
      }
      if (word.get(0) == STOP) {
        throw new JobStoppedException(serial, done, total);
      }
      return;
    }
    CancellationException cancel = null;
    try {
      rankZeroListener.stepDone(done, total);
    } catch (CancellationException e) {
      cancel = e;
    }
    ByteBuffer word = ByteBuffer.allocateDirect(1).put(cancel == null ? GO : STOP).flip();
    Waits.await(group.broadcastAsync(tag, word, 0), group, "telling the workers to "
        + (cancel == null ? "go on" : "stop") + " after step " + done);
    if (cancel != null) {
      throw cancel;
    }
  }
}
