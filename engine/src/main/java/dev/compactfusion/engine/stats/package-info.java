/**
 * Per-step and per-worker statistics of a run (compute, communication wait, codec time, bytes)
 * and their JSON form. Plain records: knows nothing of how they were measured.
 */
package dev.compactfusion.engine.stats;
