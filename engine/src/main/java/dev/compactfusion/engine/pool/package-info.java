/**
 * Warm pools: workers launched once and kept between requests, each with its model loaded once;
 * requests run one at a time per pool through the same rank-0 path as a one-shot run, and a
 * failed worker is replaced before the next request. Knows the engine's runs, not HTTP or queues.
 */
package dev.compactfusion.engine.pool;
