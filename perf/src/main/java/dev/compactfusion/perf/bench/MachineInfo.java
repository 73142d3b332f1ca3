package dev.compactfusion.perf.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** A one-line description of where a bench ran, with the load at the start as a noise hint. */
public final class MachineInfo {
  private MachineInfo() {}

  public static String describe() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return String.format(Locale.ROOT, "%d CPU cores, %s %s, Java %s (%s), load average %.2f at start",
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
        System.getProperty("java.version"), System.getProperty("java.vm.name"), load);
  }
}
