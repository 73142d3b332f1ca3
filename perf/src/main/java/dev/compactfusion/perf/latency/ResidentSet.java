package dev.compactfusion.perf.latency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * This process's resident memory as Linux splits it: anonymous pages (heap, native tensors: what a
 * copy of the weights costs) and file pages (a mapped file's pages in the page cache, which the
 * kernel can drop and read again), and the peak of their sum (VmHWM).
 *
 * @param anonKb {@code RssAnon}
 * @param fileKb {@code RssFile}
 * @param peakKb {@code VmHWM}
 */
record ResidentSet(long anonKb, long fileKb, long peakKb) {

  static ResidentSet read() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
      return new ResidentSet(kb(lines, "RssAnon:"), kb(lines, "RssFile:"), kb(lines, "VmHWM:"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/status: " + e.getMessage(), e);
    }
  }

  private static long kb(List<String> lines, String key) {
    return lines.stream().filter(l -> l.startsWith(key)).findFirst()
        .map(l -> Long.parseLong(l.substring(key.length()).strip().split("\\s+")[0])).orElse(-1L);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "anonymous %.2f GB, file-backed %.2f GB (peak resident %.2f GB)", anonKb / 1e6,
        fileKb / 1e6, peakKb / 1e6);
  }
}
