package dev.compactfusion.models.train;

import ai.djl.ndarray.NDArray;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.AttentionInput;

/**
 * Softmax attention over the whole sequence in one product, for training. {@code ExactAttention}
 * chunks long sequences by slicing the queries; the slicing makes small index arrays from Java
 * buffers inside {@code DiT.velocity}'s scope, which is closed before the backward pass reads
 * them again: the 512-token video model then got garbage (infinite) gradients at random steps.
 * Training batches are small enough that the full score matrix fits.
 */
final class TrainingAttention implements Attention {
  @Override
  public NDArray attend(AttentionInput in) {
    NDArray q = in.q();
    float scale = (float) (1.0 / Math.sqrt(q.getShape().get(3)));
    return q.mul(scale).matMul(in.k().transpose(0, 1, 3, 2)).softmax(3).matMul(in.v());
  }
}
