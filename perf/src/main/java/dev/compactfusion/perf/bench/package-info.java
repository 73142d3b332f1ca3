/**
 * The real-run benchmarks' core: cases of method x workers x link, the runner that executes them
 * through the engine, settings, per-run and per-step records and their spreads, and machine
 * facts. Knows no output format (see report) and no CLI.
 */
package dev.compactfusion.perf.bench;
