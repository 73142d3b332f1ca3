/**
 * The exchange bench: attention exchanges alone (no model) over local or tcp communicators, per
 * strategy variant, with bytes and time spent in codecs and blocked on peers.
 */
package dev.compactfusion.perf.exchange;
