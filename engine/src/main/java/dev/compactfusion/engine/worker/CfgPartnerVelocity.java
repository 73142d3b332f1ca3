package dev.compactfusion.engine.worker;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.generate.SliceTransformer;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.sampling.SliceVelocity;
import java.nio.ByteBuffer;

/**
 * Cfg parallelism's velocity: this worker runs its own branch only, swaps the slice's velocity with
 * its partner in the other branch (the worker holding the same tokens), and both apply the same
 * guidance combination, so both hold identical latents. Counts the swapped bytes as raw traffic.
 */
final class CfgPartnerVelocity implements SliceVelocity {
  private static final String KIND = "cfg-velocity";

  private final SliceTransformer transformer;
  private final TokenRange own;
  private final Condition branch;
  private final boolean conditional;
  private final float guidance;
  private final Attention attention;
  private final Communicator world;
  private final int partner;
  private long swappedBytes;

  CfgPartnerVelocity(SliceTransformer transformer, TokenRange own, Condition cond, boolean conditional, float guidance,
      Attention attention, Communicator world, int partner) {
    this.transformer = transformer;
    this.own = own;
    this.branch = conditional ? cond : Condition.unconditional(cond.attributes());
    this.conditional = conditional;
    this.guidance = guidance;
    this.attention = attention;
    this.world = world;
    this.partner = partner;
  }

  @Override
  public float[] velocity(float[] x, float t, int step) {
    float[] mine = transformer.velocity(x, own, t, branch, attention, step);
    float[] theirs = swap(step, mine);
    swappedBytes += (long) mine.length * Float.BYTES;
    return conditional ? transformer.combine(mine, theirs, guidance) : transformer.combine(theirs, mine, guidance);
  }

  long swappedBytes() {
    return swappedBytes;
  }

  private float[] swap(int step, float[] mine) {
    Tag tag = new Tag(KIND, 0, step, 0);
    var sent = world.sendAsync(tag, partner, Control.floats(mine));
    ByteBuffer theirs = Waits.await(world.receiveAsync(tag, partner), world, "receiving the partner's velocity");
    Waits.await(sent, world, "sending the velocity to the partner");
    return Control.floats(theirs, mine.length, "velocity from worker " + partner);
  }
}
