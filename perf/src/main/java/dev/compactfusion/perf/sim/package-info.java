/**
 * The cost model of parallel methods on GPU machines: hardware and workload presets, scenarios,
 * the calibration and its fitting (to published columns or the user's measurements, {@code
 * Refit}), simulation, bandwidth sweeps and reports marked MODELLED. Pure arithmetic: runs no
 * model and no engine.
 */
package dev.compactfusion.perf.sim;
