/**
 * Runs one parallel generation end to end: launches the workers, sends the job, collects each
 * worker's tokens and stats and assembles the output ({@code RankZero} is the part a warm pool
 * repeats per request on workers that are already up). The only package that ties launch, worker
 * and stats together; holds no exchange or sampling logic itself.
 */
package dev.compactfusion.engine.run;
