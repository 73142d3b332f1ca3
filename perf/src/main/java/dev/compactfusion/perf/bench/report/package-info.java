/**
 * Writing a bench's results: JSON, CSV, Markdown and charts, into an output directory filled
 * atomically. Formats results; runs nothing.
 */
package dev.compactfusion.perf.bench.report;
