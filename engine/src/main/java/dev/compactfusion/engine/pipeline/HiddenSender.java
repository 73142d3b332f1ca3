package dev.compactfusion.engine.pipeline;

import dev.compactfusion.codec.residual.ResidualStreams;
import dev.compactfusion.codec.residual.SenderStream;
import dev.compactfusion.codec.residual.StreamFactory;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.engine.worker.Control;
import dev.compactfusion.models.dit.TokenRange;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A stage's end of its outgoing boundary: sends a chunk's hidden states to the next stage, one
 * message per patch, raw fp32 or through that patch's residual stream. Sends are not awaited
 * here, so the stage goes on with its next patch while this one travels.
 */
final class HiddenSender {
  private final Communicator world;
  private final BoundaryTag boundary;
  private final Patches patches;
  private final HiddenLayout layout;
  private final SenderStream[] streams;
  private long rawBytes;
  private long codecNanos;

  HiddenSender(Communicator world, BoundaryTag boundary, Patches patches, HiddenLayout layout,
      Optional<StreamFactory> factory) {
    this.world = world;
    this.boundary = boundary;
    this.patches = patches;
    this.layout = layout;
    this.streams = factory.map(f -> {
      SenderStream[] s = new SenderStream[patches.count()];
      for (int p = 0; p < s.length; p++) {
        s[p] = f.sender(boundary.stream(p), patches.get(p).length(), layout.channels());
      }
      return s;
    }).orElse(null);
  }

  /** Sends the hidden states [batch × chunk.length × width] of a chunk of whole patches; returns the sends. */
  List<CompletableFuture<Void>> send(int step, TokenRange chunk, float[] hidden) {
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int p = patches.first(chunk); p < patches.end(chunk); p++) {
      TokenRange patch = patches.get(p);
      float[] rows = layout.extract(hidden, chunk.length(), patch.start() - chunk.start(), patch.length());
      rawBytes += ResidualStreams.rawBytes(patch.length(), layout.channels());
      sends.add(world.sendAsync(boundary.message(step, p), boundary.to(), encode(p, step, rows)));
    }
    return sends;
  }

  private ByteBuffer encode(int patch, int step, float[] rows) {
    if (streams == null) {
      return Control.floats(rows);
    }
    long start = System.nanoTime();
    try {
      return streams[patch].encode(FloatBuffer.wrap(rows), step);
    } finally {
      codecNanos += System.nanoTime() - start;
    }
  }

  long rawBytes() {
    return rawBytes;
  }

  long codecNanos() {
    return codecNanos;
  }
}
