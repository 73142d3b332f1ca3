/**
 * {@code bench throughput --server}: a closed-loop load of C concurrent clients sending R image
 * requests to a running {@code compactfusion serve} over its HTTP API, and what they measured:
 * images per minute, latency percentiles, and the part of each latency spent outside the
 * generation itself (the server reports its run time in each answer's stats, not its queue wait).
 */
package dev.compactfusion.perf.bench.server;
