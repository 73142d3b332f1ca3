/**
 * The HTTP server of {@code compactfusion serve}: Netty's HTTP codec, the OpenAI-shaped images
 * route and its checks, admission through one bounded queue for K pools, Prometheus metrics, and
 * drain. Calls the engine's warm pools through {@link dev.compactfusion.serve.ImageBackend}; knows
 * nothing of the CLI.
 */
package dev.compactfusion.serve;
