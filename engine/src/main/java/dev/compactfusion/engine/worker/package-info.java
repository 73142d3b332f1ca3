/**
 * One worker of a parallel run: receives each job (keeping its model loaded between jobs), runs the sampler on its slice of the tokens
 * with attention exchanged through engine.exchange, and reports tokens and stats back over the
 * control messages. Knows its own rank and communicator, not how it was launched.
 */
package dev.compactfusion.engine.worker;
