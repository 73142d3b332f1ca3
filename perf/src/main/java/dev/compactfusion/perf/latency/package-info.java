/**
 * Where a serial step's time goes: timers around the forward and attention, and libtorch's
 * profiler for the Java time outside native ops.
 */
package dev.compactfusion.perf.latency;
