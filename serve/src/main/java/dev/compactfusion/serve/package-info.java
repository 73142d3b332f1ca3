/**
 * The HTTP server of {@code compactfusion serve}: Netty's HTTP codec, the OpenAI-shaped images
 * (and videos) route and its checks, admission through one bounded queue for K pools, jobs with
 * server-sent progress events and cancel, the web page, Prometheus metrics, and drain. Calls the engine's warm pools through {@link dev.compactfusion.serve.ImageBackend}; knows
 * nothing of the CLI.
 */
package dev.compactfusion.serve;
