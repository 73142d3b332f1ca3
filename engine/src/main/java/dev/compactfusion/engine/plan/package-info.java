/**
 * The parallel plan: which strategy, how many workers, how tokens and heads are split, and the
 * codec and stream settings, checked against a model's shape before anything runs. Pure data and
 * validation: no communicator, no DJL.
 */
package dev.compactfusion.engine.plan;
