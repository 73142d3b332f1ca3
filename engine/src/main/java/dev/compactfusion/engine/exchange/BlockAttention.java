package dev.compactfusion.engine.exchange;

import ai.djl.ndarray.NDArray;
import dev.compactfusion.models.dit.ExactAttention;

/**
 * Softmax attention of queries over one block of keys and values, with the log-sum-exp of the
 * scores so that blocks computed apart merge exactly (the online softmax of ring attention).
 * Shapes are [batch, heads, tokens, headDim]; scores are scaled by 1/√headDim.
 */
final class BlockAttention {
  private BlockAttention() {}

  /** {@code out} normalised over this block; {@code lse} [batch, heads, queries, 1]. */
  record Partial(NDArray out, NDArray lse) {}

  /** Plain attention when nothing is to be merged: the serial path's own (chunked) code. */
  static NDArray attend(NDArray q, NDArray k, NDArray v) {
    return ExactAttention.softmaxAttention(q, k, v);
  }

  /**
   * One fused log-softmax pass over the block's scores gives both the weights (its exp) and the
   * log-sum-exp (score minus log-weight at any key; key 0 needs no reduction): three passes over
   * the scores instead of the five of max, subtract, exp, sum and divide, which made ring's
   * attention cost more than the serial path's fused softmax.
   */
  static Partial partial(NDArray q, NDArray k, NDArray v) {
    float scale = (float) (1.0 / Math.sqrt(q.getShape().get(3)));
    NDArray scores = q.mul(scale).matMul(k.transpose(0, 1, 3, 2));
    NDArray logWeights = scores.logSoftmax(3);
    NDArray lse = scores.get(":, :, :, 0:1").sub(logWeights.get(":, :, :, 0:1"));
    return new Partial(logWeights.exp().matMul(v), lse);
  }

  static Partial merge(Partial a, Partial b) {
    NDArray max = a.lse().maximum(b.lse());
    NDArray wa = a.lse().sub(max).exp();
    NDArray wb = b.lse().sub(max).exp();
    NDArray total = wa.add(wb);
    NDArray out = a.out().mul(wa.div(total)).add(b.out().mul(wb.div(total)));
    return new Partial(out, max.add(total.log()));
  }
}
