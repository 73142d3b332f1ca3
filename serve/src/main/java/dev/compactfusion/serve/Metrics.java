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
 * depth, the requests the pools are working on, the latency of generation requests (arrival to
 * answer) as a histogram, jobs by how they ended (succeeded, failed, cancelled), images and
 * denoising steps done, the pools' time on them and the steps per second of the latest image,
 * bytes on the wire (and their uncompressed size) by codec, and the pools' worker relaunches
 * after failures.
 */
public final class Metrics {
  private static final double[] BUCKETS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

  private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
  private final AtomicLongArray latencyBuckets = new AtomicLongArray(BUCKETS.length);
  private final AtomicLong latencyCount = new AtomicLong();
  private final AtomicLong latencyMicros = new AtomicLong();
  private final AtomicLong images = new AtomicLong();
  private final AtomicLong steps = new AtomicLong();
  private final AtomicLong generationMicros = new AtomicLong();
  private volatile double latestStepsPerSecond;
  private final Map<String, AtomicLong> jobs = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> wireBytes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> rawBytes = new ConcurrentHashMap<>();
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

  /** A job that ended, by its status ("succeeded", "failed", "cancelled"). */
  public void ended(String status) {
    jobs.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
  }

  /** Jobs that ended with {@code status} so far. */
  public long jobsEnded(String status) {
    AtomicLong n = jobs.get(status);
    return n == null ? 0 : n.get();
  }

  /** One image or video: its steps, rank 0's wall time, and the bytes its workers sent. */
  public void ran(String codec, int stepCount, double wallSeconds, long bytesSent, long bytesRaw) {
    generationMicros.addAndGet((long) (wallSeconds * 1e6));
    if (wallSeconds > 0) {
      latestStepsPerSecond = stepCount / wallSeconds;
    }
    wireBytes.computeIfAbsent(codec, k -> new AtomicLong()).addAndGet(bytesSent);
    rawBytes.computeIfAbsent(codec, k -> new AtomicLong()).addAndGet(bytesRaw);
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
    out.append("# HELP compactfusion_jobs_total Generation jobs that ended, by status.\n");
    out.append("# TYPE compactfusion_jobs_total counter\n");
    for (String status : new String[] {"succeeded", "failed", "cancelled"}) {
      out.append("compactfusion_jobs_total{status=\"").append(status).append("\"} ").append(jobsEnded(status))
          .append('\n');
    }
    out.append("# HELP compactfusion_generation_seconds_total Pool time spent on images, rank 0's wall time"
        + " (steps_total / this: the mean steps per second).\n");
    out.append("# TYPE compactfusion_generation_seconds_total counter\n");
    out.append(String.format(Locale.ROOT, "compactfusion_generation_seconds_total %.6f%n", generationMicros.get() / 1e6));
    out.append("# HELP compactfusion_steps_per_second Denoising steps per second of the latest image (wall time,"
        + " decode included).\n");
    out.append("# TYPE compactfusion_steps_per_second gauge\n");
    out.append(String.format(Locale.ROOT, "compactfusion_steps_per_second %.6f%n", latestStepsPerSecond));
    out.append("# HELP compactfusion_wire_bytes_total Bytes the workers sent each other, by codec.\n");
    out.append("# TYPE compactfusion_wire_bytes_total counter\n");
    new TreeMap<>(wireBytes).forEach((codec, n) -> out.append("compactfusion_wire_bytes_total{codec=\"")
        .append(codec).append("\"} ").append(n.get()).append('\n'));
    out.append("# HELP compactfusion_raw_bytes_total What those bytes were before compression, by codec.\n");
    out.append("# TYPE compactfusion_raw_bytes_total counter\n");
    new TreeMap<>(rawBytes).forEach((codec, n) -> out.append("compactfusion_raw_bytes_total{codec=\"")
        .append(codec).append("\"} ").append(n.get()).append('\n'));
    out.append("# HELP compactfusion_worker_restarts_total Times a pool launched fresh workers after one failed.\n");
    out.append("# TYPE compactfusion_worker_restarts_total counter\n");
    out.append("compactfusion_worker_restarts_total ").append(restarts.getAsInt()).append('\n');
    return out.toString();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
