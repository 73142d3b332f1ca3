package dev.compactfusion.serve;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;

/**
 * The server's counters in the Prometheus text format: answers by path and status, the queue's
 * depth, the requests the pools are working on, the latency of generation requests (arrival to answer) as a histogram, and images and
 * denoising steps done, and the pools' worker relaunches after failures.
 */
public final class Metrics {
  private static final double[] BUCKETS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

  private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
  private final AtomicLongArray latencyBuckets = new AtomicLongArray(BUCKETS.length);
  private final AtomicLong latencyCount = new AtomicLong();
  private final AtomicLong latencyMicros = new AtomicLong();
  private final AtomicLong images = new AtomicLong();
  private final AtomicLong steps = new AtomicLong();
  private final IntSupplier queueDepth;
  private final IntSupplier running;
  private final IntSupplier restarts;

  public Metrics(IntSupplier queueDepth, IntSupplier running, IntSupplier restarts) {
    this.queueDepth = queueDepth;
    this.running = running;
    this.restarts = restarts;
  }

  public void answered(String path, int status) {
    answers.computeIfAbsent(path + "\u0000" + status, k -> new AtomicLong()).incrementAndGet();
  }

  public void generated(int imageCount, long stepCount, long latencyNanos) {
    images.addAndGet(imageCount);
    steps.addAndGet(stepCount);
    double seconds = latencyNanos / 1e9;
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        latencyBuckets.incrementAndGet(i);
      }
    }
    latencyCount.incrementAndGet();
    latencyMicros.addAndGet(latencyNanos / 1000);
  }

  /** Mean seconds of a generation request so far (0 before the first). */
  public double meanLatencySeconds() {
    long n = latencyCount.get();
    return n == 0 ? 0 : latencyMicros.get() / 1e6 / n;
  }

  /** The answers so far to {@code path} with {@code status}. */
  public long answers(String path, int status) {
    AtomicLong n = answers.get(path + "\u0000" + status);
    return n == null ? 0 : n.get();
  }

  public String prometheus() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP compactfusion_http_requests_total Requests answered, by path and status code.\n");
    out.append("# TYPE compactfusion_http_requests_total counter\n");
    new TreeMap<>(answers).forEach((key, n) -> {
      String[] parts = key.split("\u0000");
      out.append("compactfusion_http_requests_total{path=\"").append(parts[0]).append("\",code=\"").append(parts[1])
          .append("\"} ").append(n.get()).append('\n');
    });
    out.append("# HELP compactfusion_queue_depth Generation requests waiting for a pool.\n");
    out.append("# TYPE compactfusion_queue_depth gauge\n");
    out.append("compactfusion_queue_depth ").append(queueDepth.getAsInt()).append('\n');
    out.append("# HELP compactfusion_requests_running Generation requests a pool is working on.\n");
    out.append("# TYPE compactfusion_requests_running gauge\n");
    out.append("compactfusion_requests_running ").append(running.getAsInt()).append('\n');
    out.append("# HELP compactfusion_request_seconds Generation requests from arrival to answer.\n");
    out.append("# TYPE compactfusion_request_seconds histogram\n");
    for (int i = 0; i < BUCKETS.length; i++) {
      out.append(String.format(Locale.ROOT, "compactfusion_request_seconds_bucket{le=\"%s\"} %d%n",
          trim(BUCKETS[i]), latencyBuckets.get(i)));
    }
    out.append("compactfusion_request_seconds_bucket{le=\"+Inf\"} ").append(latencyCount.get()).append('\n');
    out.append(String.format(Locale.ROOT, "compactfusion_request_seconds_sum %.6f%n", latencyMicros.get() / 1e6));
    out.append("compactfusion_request_seconds_count ").append(latencyCount.get()).append('\n');
    out.append("# HELP compactfusion_images_total Images generated.\n");
    out.append("# TYPE compactfusion_images_total counter\n");
    out.append("compactfusion_images_total ").append(images.get()).append('\n');
    out.append("# HELP compactfusion_steps_total Denoising steps run (per image, not per worker).\n");
    out.append("# TYPE compactfusion_steps_total counter\n");
    out.append("compactfusion_steps_total ").append(steps.get()).append('\n');
    out.append("# HELP compactfusion_worker_restarts_total Times a pool launched fresh workers after one failed.\n");
    out.append("# TYPE compactfusion_worker_restarts_total counter\n");
    out.append("compactfusion_worker_restarts_total ").append(restarts.getAsInt()).append('\n');
    return out.toString();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
