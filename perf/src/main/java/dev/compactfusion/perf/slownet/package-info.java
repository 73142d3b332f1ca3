/**
 * The slow-network suite: the methods at several line rates over tcp, the lower bound
 * max(compute, bytes on the busiest link / bandwidth) of each case, and the ratios the suite
 * reports.
 */
package dev.compactfusion.perf.slownet;
