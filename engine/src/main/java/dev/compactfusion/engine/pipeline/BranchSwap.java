package dev.compactfusion.engine.pipeline;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.engine.worker.Control;
import dev.compactfusion.models.generate.SliceTransformer;
import java.nio.ByteBuffer;

/**
 * PipeFusion with cfg parallelism: each cfg branch is its own pipeline, and the two last stages
 * swap each chunk's velocity of their branch (world ranks {@code partner} apart by a branch) and
 * both apply the family's guidance, so both pipelines' first stages step the same latents.
 * Counts the swapped bytes as raw traffic.
 */
final class BranchSwap {
  private static final String KIND = "pipe-cfg-velocity";

  private final Communicator world;
  private final int partner;
  private final boolean conditional;
  private final SliceTransformer family;
  private final float guidance;
  private long swappedBytes;

  BranchSwap(Communicator world, int partner, boolean conditional, SliceTransformer family, float guidance) {
    this.world = world;
    this.partner = partner;
    this.conditional = conditional;
    this.family = family;
    this.guidance = guidance;
  }

  /** The guided velocity of chunk {@code chunk} from this branch's {@code mine} and the partner's. */
  float[] guided(float[] mine, int step, int chunk) {
    Tag tag = new Tag(KIND, 0, step, chunk);
    var sent = world.sendAsync(tag, partner, Control.floats(mine));
    ByteBuffer received = Waits.await(world.receiveAsync(tag, partner), world, "receiving the other cfg branch's velocity");
    Waits.await(sent, world, "sending the velocity to the other cfg branch");
    float[] theirs = Control.floats(received, mine.length, "velocity from worker " + partner);
    swappedBytes += (long) mine.length * Float.BYTES;
    return conditional ? family.combine(mine, theirs, guidance) : family.combine(theirs, mine, guidance);
  }

  long swappedBytes() {
    return swappedBytes;
  }
}
