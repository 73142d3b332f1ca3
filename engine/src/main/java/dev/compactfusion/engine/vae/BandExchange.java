package dev.compactfusion.engine.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.engine.exchange.TensorBytes;
import dev.compactfusion.models.diffusers.vae.GroupStats;
import dev.compactfusion.models.diffusers.vae.ImageRows;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The rest of the image as seen from one worker's band, over the communicator: rank r holds the
 * band below rank r − 1's. Every worker decodes the same layers in the same order, so the n-th
 * call on each meets the n-th call on the others; the call number is the tag's index.
 */
final class BandExchange implements ImageRows {
  static final String HALO_UP = "vae-halo-up";
  static final String HALO_DOWN = "vae-halo-down";
  static final String NORM = "vae-norm";
  static final String KV = "vae-kv";

  private final Communicator comm;
  private int calls;

  BandExchange(Communicator comm) {
    this.comm = comm;
  }

  /** Sends my top row up and my bottom row down; the rows that come back pad my band, zeros past the image. */
  @Override
  public NDArray withHalo(NDArray band) {
    int call = calls++;
    int rank = comm.rank();
    boolean top = rank == 0;
    boolean bottom = rank == comm.worldSize() - 1;
    long[] s = band.getShape().getShape();
    Shape row = new Shape(s[0], s[1], 1, s[3]);
    NDManager m = band.getManager();
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    if (!top) {
      sent.add(comm.sendAsync(new Tag(HALO_UP, 0, 0, call), rank - 1, TensorBytes.toBytes(band.get(":, :, :1, :"))));
    }
    if (!bottom) {
      sent.add(comm.sendAsync(new Tag(HALO_DOWN, 0, 0, call), rank + 1, TensorBytes.toBytes(band.get(":, :, -1:, :"))));
    }
    NDArray above = top ? m.zeros(row) : receive(new Tag(HALO_DOWN, 0, 0, call), rank - 1, m, row);
    NDArray below = bottom ? m.zeros(row) : receive(new Tag(HALO_UP, 0, 0, call), rank + 1, m, row);
    for (CompletableFuture<Void> f : sent) {
      Waits.await(f, comm, "the VAE halo send " + call);
    }
    return above.concat(band, 2).concat(below, 2);
  }

  private NDArray receive(Tag tag, int peer, NDManager m, Shape row) {
    ByteBuffer bytes = Waits.await(comm.receiveAsync(tag, peer), comm, "the VAE halo row from rank " + peer);
    return TensorBytes.fromBytes(m, bytes, row);
  }

  /** All-gathers every band's count, means and M2s (doubles) and merges them in rank order, the same on every worker. */
  @Override
  public GroupStats reduce(GroupStats band) {
    int call = calls++;
    double[] mean = band.mean();
    double[] m2 = band.m2();
    ByteBuffer mine = ByteBuffer.allocate(Long.BYTES + 2 * mean.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    mine.putLong(band.count());
    mine.asDoubleBuffer().put(mean).put(m2);
    ByteBuffer[] all = Waits.await(comm.allGatherAsync(new Tag(NORM, 0, 0, call), mine.rewind()), comm,
        "the VAE GroupNorm all-reduce " + call);
    GroupStats whole = null;
    for (ByteBuffer b : all) {
      ByteBuffer in = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      long count = in.getLong();
      double[] mu = new double[mean.length];
      double[] m = new double[mean.length];
      in.asDoubleBuffer().get(mu).get(m);
      GroupStats part = new GroupStats(count, mu, m);
      whole = whole == null ? part : whole.combine(part);
    }
    return whole;
  }

  /** All-gathers the bands' [B, tokens, C] rows and stacks them along the tokens in rank (= row) order. */
  @Override
  public NDArray gatherSequence(NDArray band) {
    int call = calls++;
    long[] s = band.getShape().getShape();
    ByteBuffer[] all = Waits.await(comm.allGatherAsync(new Tag(KV, 0, 0, call), TensorBytes.toBytes(band)), comm,
        "the VAE attention k/v all-gather");
    NDManager m = band.getManager();
    NDArray whole = null;
    for (int r = 0; r < all.length; r++) {
      long tokens = all[r].remaining() / ((long) Float.BYTES * s[0] * s[2]);
      NDArray part = r == comm.rank() ? band : TensorBytes.fromBytes(m, all[r], new Shape(s[0], tokens, s[2]));
      whole = whole == null ? part : whole.concat(part, 1);
    }
    return whole;
  }
}
