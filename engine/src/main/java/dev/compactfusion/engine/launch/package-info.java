/**
 * Starting a run's workers: as threads or child processes, with an in-JVM or tcp world, the
 * greeting that checks every member is there, failure collection, and {@code WorkerMain}, the
 * entry of a spawned worker process. Knows how to start and reach workers, not what they compute.
 */
package dev.compactfusion.engine.launch;
