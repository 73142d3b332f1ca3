package dev.compactfusion.models.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.media.Frames;
import java.util.List;

/**
 * Tells what a procedural-looking image or clip shows: colour, shape and (for clips) motion
 * direction, as indices in vocabulary order (see {@code models.data}). Used to score generated
 * samples against their prompts.
 */
public final class Classifier implements AutoCloseable {
  private static final int CHUNK = 64;

  private final NDManager manager;
  private final ConvNet net;

  Classifier(NDManager manager, ConvNet net) {
    this.manager = manager;
    this.net = net;
  }

  public ClassifierSpec spec() {
    return net.spec();
  }

  ConvNet net() {
    return net;
  }

  /** For each sample, the predicted class of every head (colour, shape[, motion]). */
  public int[][] predict(List<Frames> samples) {
    ClassifierSpec spec = net.spec();
    int[][] out = new int[samples.size()][];
    int plane = spec.channels() * spec.size() * spec.size();
    for (int start = 0; start < samples.size(); start += CHUNK) {
      int n = Math.min(CHUNK, samples.size() - start);
      float[] x = new float[n * plane];
      for (int i = 0; i < n; i++) {
        Frames f = samples.get(start + i);
        if (f.frames() != spec.frames() || f.height() != spec.size() || f.width() != spec.size()) {
          throw new IllegalArgumentException("classifier takes " + spec.frames() + " frame(s) of "
              + spec.size() + "x" + spec.size() + ", got " + f.frames() + " of " + f.height() + "x"
              + f.width());
        }
        Pixels.toChannelsFirst(f, x, i * plane);
      }
      try (NDManager step = manager.newSubManager()) {
        NDArray input = step.create(x, new Shape(n, spec.channels(), spec.size(), spec.size()));
        NDList logits = net.logits(input);
        int[][] argmax = new int[logits.size()][];
        for (int h = 0; h < logits.size(); h++) {
          argmax[h] = logits.get(h).argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
              .toIntArray();
        }
        for (int i = 0; i < n; i++) {
          out[start + i] = new int[logits.size()];
          for (int h = 0; h < logits.size(); h++) {
            out[start + i][h] = argmax[h][i];
          }
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
