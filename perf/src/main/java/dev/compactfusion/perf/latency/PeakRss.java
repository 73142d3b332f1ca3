package dev.compactfusion.perf.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's peak resident set (VmHWM), as Linux reports it; covers the JVM heap and libtorch's memory. */
final class PeakRss {
  private PeakRss() {}

  static String read() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
          .map(l -> l.substring(6).strip()).findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
