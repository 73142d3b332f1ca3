package dev.compactfusion.engine.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.engine.exchange.TensorBytes;
import dev.compactfusion.models.diffusers.vae.VaeDecoder;
import java.util.Optional;

/**
 * The VAE decode on every worker of a communicator: each decodes its {@link RowBand} of the
 * latents, and rank 0 gathers the pixel rows into the image. Every worker must call
 * {@link #decode} with the same latents.
 */
public final class ParallelVaeDecoder {
  static final String PIXELS = "vae-pixels";

  private final VaeDecoder vae;
  private final Communicator comm;

  public ParallelVaeDecoder(VaeDecoder vae, Communicator comm) {
    this.vae = vae;
    this.comm = comm;
  }

  /** The band of latent rows this worker decodes. */
  public RowBand band(int latentRows) {
    return RowBand.split(latentRows, comm.worldSize(), comm.rank());
  }

  /**
   * Latents [B, C, h, w] (the whole image, as on every worker) → on rank 0 the decoder output
   * [B, outChannels, H, W] in the latents' manager, as {@link VaeDecoder#decode(NDArray)} gives;
   * empty on the other ranks.
   */
  public Optional<NDArray> decode(NDArray latents) {
    int latentRows = Math.toIntExact(latents.getShape().get(2));
    RowBand band = band(latentRows);
    NDManager caller = latents.getManager();
    try (NDManager scope = caller.newSubManager()) {
      NDArray mine = latents.get(":, :, " + band.first() + ":" + band.end() + ", :");
      mine.attach(scope);
      NDArray pixels = vae.decode(mine, new BandExchange(comm));
      if (comm.rank() != 0) {
        Waits.await(comm.sendAsync(Tag.of(PIXELS), 0, TensorBytes.toBytes(pixels)), comm, "the VAE pixel rows to rank 0");
        return Optional.empty();
      }
      NDArray image = gather(pixels, latentRows, Math.toIntExact(pixels.getShape().get(2) / band.rows()));
      image.attach(caller);
      return Optional.of(image);
    }
  }

  /** Rank 0's own pixel rows followed by every other rank's, in rank (= row) order. */
  private NDArray gather(NDArray own, int latentRows, int scale) {
    long[] s = own.getShape().getShape();
    NDArray image = own;
    for (int r = 1; r < comm.worldSize(); r++) {
      RowBand theirs = RowBand.split(latentRows, comm.worldSize(), r).scaled(scale);
      NDArray rows = TensorBytes.fromBytes(own.getManager(),
          Waits.await(comm.receiveAsync(Tag.of(PIXELS), r), comm, "the VAE pixel rows of rank " + r),
          new Shape(s[0], s[1], theirs.rows(), s[3]));
      image = image.concat(rows, 2);
    }
    return image;
  }
}
