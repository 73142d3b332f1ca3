/**
 * The entry of {@code perf/device-check.sh} on a GPU machine's jlink'd pack, which carries only
 * the codec and perf jars and JCuda: the CUDA agreement and throughput checks without the CLI.
 * Must not reach DJL, Netty or the engine, which the pack does not ship.
 */
package dev.compactfusion.perf.device;
