/**
 * One cost estimate per parallel method (serial, patch, DistriFusion, sequence parallel,
 * PipeFusion, CompactFusion) built from per-step compute, communication and codec costs. Knows
 * only the sim package's scenario.
 */
package dev.compactfusion.perf.sim.method;
