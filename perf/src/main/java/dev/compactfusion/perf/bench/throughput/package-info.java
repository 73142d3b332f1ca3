/**
 * The throughput bench: images per minute of data-parallel one-worker replicas against each N-way
 * method, and its report.
 */
package dev.compactfusion.perf.bench.throughput;
