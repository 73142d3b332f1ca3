package dev.compactfusion.perf.exchange;

/**
 * What one variant measured on one transport, per denoising step after the warmup step:
 * wall seconds (slowest worker), bytes each worker put on the wire and would have as fp32
 * (averages over workers), seconds in encode/decode and blocked in the communicator (averages).
 */
record BenchRow(String transport, String variant, double seconds, double sentBytes, double rawBytes,
    double codecSeconds, double blockedSeconds) {

  static String csvHeader() {
    return "transport,variant,seconds_per_step,bytes_sent_per_worker_step,bytes_raw_per_worker_step,"
        + "codec_seconds_per_step,blocked_seconds_per_step";
  }

  String csv() {
    return String.format(java.util.Locale.ROOT, "%s,%s,%.5f,%.0f,%.0f,%.5f,%.5f", transport, variant, seconds, sentBytes,
        rawBytes, codecSeconds, blockedSeconds);
  }
}
