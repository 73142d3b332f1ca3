package dev.compactfusion.serve;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs a client can still look up by id: every queued or running one, and the last
 * {@link #KEPT_FINISHED} finished ones (with their answers), so that memory stays bounded however
 * long the server runs. Ids are random, so one client cannot guess another's.
 */
final class Jobs {
  static final int KEPT_FINISHED = 256;

  private final Map<String, Job> byId = new ConcurrentHashMap<>();
  private final ArrayDeque<String> finished = new ArrayDeque<>();
  private final SecureRandom random = new SecureRandom();

  String newId() {
    byte[] bytes = new byte[9];
    random.nextBytes(bytes);
    return "job_" + HexFormat.of().formatHex(bytes);
  }

  void add(Job job) {
    byId.put(job.id(), job);
    job.answer().whenComplete((body, failure) -> retire(job));
  }

  /** Null for an id never issued, or one finished so long ago that it was forgotten. */
  Job get(String id) {
    return byId.get(id);
  }

  private synchronized void retire(Job job) {
    finished.addLast(job.id());
    while (finished.size() > KEPT_FINISHED) {
      byId.remove(finished.removeFirst());
    }
  }
}
