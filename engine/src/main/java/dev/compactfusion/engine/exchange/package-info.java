/**
 * What workers exchange inside attention each step: the strategies (patch all-gather, stale
 * DistriFusion, ring, Ulysses all-to-all, their hybrids), the wires that send K/V raw or through
 * residual streams, and the meters of bytes and time. Uses a communicator and DJL tensors; knows
 * nothing of how workers are launched, planned or what model runs around the attention.
 */
package dev.compactfusion.engine.exchange;
