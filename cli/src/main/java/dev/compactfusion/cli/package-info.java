/**
 * The {@code ./compactfusion} command line: one picocli command class per (sub)command, shared
 * option mixins, and the mapping of failures to exit codes (2 usage, 1 runtime). Commands parse
 * and check options, then call the engine, models or perf; they hold no generation, exchange or
 * cost-model logic of their own.
 */
package dev.compactfusion.cli;
