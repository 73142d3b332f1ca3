package dev.compactfusion.models.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Ordinary softmax attention of the given queries over the given keys and values: the serial path
 * (one worker holding every token) and the oracle the parallel strategies are tested against.
 */
public final class ExactAttention implements Attention {
  /** Above this many score entries the queries are processed in chunks to bound memory. */
  private static final long MAX_SCORES = 1L << 22;

  @Override
  public NDArray attend(AttentionInput in) {
    return softmaxAttention(in.q(), in.k(), in.v());
  }

  /**
   * softmax(q·kᵀ/√d)·v for q [B, H, Nq, d], k and v [B, H, Nk, d] → [B, H, Nq, d]. The result
   * belongs to q's NDManager.
   */
  public static NDArray softmaxAttention(NDArray q, NDArray k, NDArray v) {
    long[] qs = q.getShape().getShape();
    long nq = qs[2];
    long nk = k.getShape().get(2);
    long perQuery = qs[0] * qs[1] * nk;
    float scale = (float) (1.0 / Math.sqrt(qs[3]));
    NDArray kt = k.transpose(0, 1, 3, 2);
    // k may live in a long-lived manager (an engine's cache): keep its temporary with q's.
    kt.attach(q.getManager());
    long chunk = Math.max(1, Math.min(nq, MAX_SCORES / Math.max(1, perQuery)));
    if (chunk >= nq) {
      return q.mul(scale).matMul(kt).softmax(3).matMul(v);
    }
    NDList parts = new NDList();
    for (long start = 0; start < nq; start += chunk) {
      long end = Math.min(nq, start + chunk);
      NDArray qc = q.get(":, :, " + start + ":" + end + ", :");
      parts.add(qc.mul(scale).matMul(kt).softmax(3).matMul(v));
    }
    return NDArrays.concat(parts, 2);
  }
}
