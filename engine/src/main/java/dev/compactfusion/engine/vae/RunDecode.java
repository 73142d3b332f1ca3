package dev.compactfusion.engine.vae;

import ai.djl.ndarray.NDManager;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.models.diffusers.pipeline.LatentDecoder;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.models.media.Frames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A run's decode of its final tokens. A diffusers folder (DiT or PixArt) on several workers decodes on all of them:
 * rank 0 broadcasts the assembled tokens, every worker decodes its band of latent rows and rank 0
 * gathers the pixels. Other families, a single worker, or more workers than latent rows (a band
 * needs a row) decode on rank 0 alone, as before. Every worker decides alike from the model and
 * the world size, so the two sides always agree.
 */
public final class RunDecode {
  static final Tag TOKENS = Tag.of("vae-tokens");

  private RunDecode() {}

  /** Rank 0: the frames of the run's final tokens. */
  public static Frames onRankZero(DiffusionModel model, float[] tokens, Communicator world) {
    if (!(model instanceof LatentDecoder.Family family) || !parallel(family.latentDecoder(), world)) {
      return model.decoder().decode(tokens);
    }
    ByteBuffer bytes = ByteBuffer.allocate(tokens.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(tokens);
    Waits.await(world.broadcastAsync(TOKENS, bytes, 0), world, "broadcasting the final tokens for the VAE");
    return decode(family.latentDecoder(), tokens, world);
  }

  /** Every other rank, after its final tokens went to rank 0: its band of the decode, if the run decodes in parallel. */
  public static void onWorker(DiffusionModel model, Communicator world) {
    if (model instanceof LatentDecoder.Family family && parallel(family.latentDecoder(), world)) {
      ByteBuffer bytes = Waits.await(world.broadcastAsync(TOKENS, null, 0), world, "receiving the final tokens for the VAE")
          .order(ByteOrder.LITTLE_ENDIAN);
      float[] tokens = new float[bytes.remaining() / Float.BYTES];
      bytes.asFloatBuffer().get(tokens);
      decode(family.latentDecoder(), tokens, world);
    }
  }

  private static boolean parallel(LatentDecoder dit, Communicator world) {
    return world.worldSize() > 1 && world.worldSize() <= dit.latentRows();
  }

  private static Frames decode(LatentDecoder dit, float[] tokens, Communicator world) {
    try (NDManager m = NDManager.newBaseManager(dit.device())) {
      return new ParallelVaeDecoder(dit.vae(), world).decode(dit.latents(tokens, m)).map(LatentDecoder::frames)
          .orElse(null);
    }
  }
}
