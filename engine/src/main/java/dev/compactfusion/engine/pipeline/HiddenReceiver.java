package dev.compactfusion.engine.pipeline;

import dev.compactfusion.codec.residual.ReceiverStream;
import dev.compactfusion.codec.residual.StreamFactory;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.engine.worker.Control;
import dev.compactfusion.models.dit.TokenRange;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Optional;

/**
 * A stage's end of its incoming boundary: receives a chunk's hidden states from the previous
 * stage, patch by patch, decoding each through that patch's residual stream when compressed (in
 * step order, so sender and receiver bases stay in lock-step).
 */
final class HiddenReceiver {
  private final Communicator world;
  private final BoundaryTag boundary;
  private final Patches patches;
  private final HiddenLayout layout;
  private final ReceiverStream[] streams;
  private long codecNanos;

  HiddenReceiver(Communicator world, BoundaryTag boundary, Patches patches, HiddenLayout layout,
      Optional<StreamFactory> factory) {
    this.world = world;
    this.boundary = boundary;
    this.patches = patches;
    this.layout = layout;
    this.streams = factory.map(f -> {
      ReceiverStream[] s = new ReceiverStream[patches.count()];
      for (int p = 0; p < s.length; p++) {
        s[p] = f.receiver(boundary.stream(p), patches.get(p).length(), layout.channels());
      }
      return s;
    }).orElse(null);
  }

  /** The hidden states [batch × chunk.length × width] of a chunk of whole patches. */
  float[] receive(int step, TokenRange chunk) {
    float[] hidden = new float[layout.batch() * chunk.length() * layout.width()];
    for (int p = patches.first(chunk); p < patches.end(chunk); p++) {
      TokenRange patch = patches.get(p);
      ByteBuffer payload = Waits.await(world.receiveAsync(boundary.message(step, p), boundary.from()), world,
          "receiving patch " + p + " from stage " + boundary.from());
      float[] rows = decode(p, step, payload, patch.length() * layout.channels());
      layout.insert(rows, hidden, chunk.length(), patch.start() - chunk.start(), patch.length());
    }
    return hidden;
  }

  private float[] decode(int patch, int step, ByteBuffer payload, int floats) {
    if (streams == null) {
      return Control.floats(payload, floats, "hidden states of patch " + patch + " from stage " + boundary.from());
    }
    long start = System.nanoTime();
    try {
      float[] rows = new float[floats];
      streams[patch].decode(payload, step, FloatBuffer.wrap(rows));
      return rows;
    } finally {
      codecNanos += System.nanoTime() - start;
    }
  }

  long codecNanos() {
    return codecNanos;
  }
}
