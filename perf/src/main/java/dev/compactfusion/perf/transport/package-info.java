/**
 * The transport benchmark: tcp backend throughput against a raw java.nio socket on loopback, and
 * the accuracy of emulated link rates.
 */
package dev.compactfusion.perf.transport;
