package dev.compactfusion.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.AttentionInput;
import dev.compactfusion.models.dit.ExactAttention;
import java.util.HashMap;
import java.util.Map;

/**
 * A stage's attention: the queries of the chunk it runs attend over the whole sequence, with the
 * chunk's own K,V fresh and every other patch's K,V as this stage last computed them. The cache is
 * updated in place as patches pass (as xDiT does), so within a step the patches before the current
 * one carry this step's K,V and those after it the previous step's. A chunk of the whole sequence
 * (a synchronous step) is exact attention and refills the cache. K,V never leave the stage.
 */
final class PatchKvCache implements Attention, AutoCloseable {
  private final NDManager manager = NDManager.newBaseManager();
  private final Patches patches;
  private final Map<Integer, NDArray[]> keys = new HashMap<>();
  private final Map<Integer, NDArray[]> values = new HashMap<>();

  PatchKvCache(Patches patches) {
    this.patches = patches;
  }

  @Override
  public NDArray attend(AttentionInput in) {
    boolean whole = in.tokens().length() == patches.all().length();
    // With one patch every chunk is the whole sequence: nothing is ever read back, so keep nothing.
    if (patches.count() > 1) {
      store(in);
    }
    if (whole) {
      return ExactAttention.softmaxAttention(in.q(), in.k(), in.v());
    }
    NDArray k = sequence(keys, in);
    NDArray v = sequence(values, in);
    return ExactAttention.softmaxAttention(in.q(), k, v);
  }

  private void store(AttentionInput in) {
    NDArray[] k = keys.computeIfAbsent(in.layer(), l -> new NDArray[patches.count()]);
    NDArray[] v = values.computeIfAbsent(in.layer(), l -> new NDArray[patches.count()]);
    for (int p = patches.first(in.tokens()); p < patches.end(in.tokens()); p++) {
      int from = patches.get(p).start() - in.tokens().start();
      String rows = ":, :, " + from + ":" + (from + patches.get(p).length()) + ", :";
      k[p] = keep(k[p], in.k().get(rows));
      v[p] = keep(v[p], in.v().get(rows));
    }
  }

  private NDArray keep(NDArray old, NDArray fresh) {
    if (old != null) {
      old.close();
    }
    NDArray kept = fresh.duplicate();
    kept.attach(manager);
    return kept;
  }

  /** K or V of the whole sequence in token order, in the queries' manager (freed with the step). */
  private NDArray sequence(Map<Integer, NDArray[]> cache, AttentionInput in) {
    NDArray[] parts = cache.get(in.layer());
    NDList list = new NDList();
    for (int p = 0; p < parts.length; p++) {
      if (parts[p] == null) {
        throw new IllegalStateException("layer " + in.layer() + " has no K,V of patch " + p + " yet: a stale "
            + "step needs a synchronous (warmup) step before it");
      }
      list.add(parts[p]);
    }
    NDArray all = NDArrays.concat(list, 2);
    all.attach(in.q().getManager());
    return all;
  }

  @Override
  public void close() {
    manager.close();
  }
}
