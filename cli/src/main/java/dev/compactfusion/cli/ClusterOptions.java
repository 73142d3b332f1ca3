package dev.compactfusion.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where rank 0 of a {@code generate} run listens for tcp workers and the token they present. Kept
 * apart from {@link ParallelOptions} because {@code serve}'s own {@code --listen} and
 * {@code --token} are its HTTP server's; a serve pool's workers always join on loopback with a
 * fresh token (the defaults here).
 */
public final class ClusterOptions {
  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "Where rank 0 listens for tcp workers (port 0: any free port) (default: 127.0.0.1:0).")
  String listen;

  @Option(names = "--token", paramLabel = "T", description = "Cluster token remote workers must present (default: a fresh random one).")
  String token;

  /** The defaults: loopback, any free port, a fresh token. */
  static ClusterOptions loopback() {
    return new ClusterOptions();
  }

  String address() {
    return listen == null ? "127.0.0.1:0" : listen;
  }

  boolean listenGiven() {
    return listen != null;
  }

  String token() {
    return token;
  }

  /** The options given, as the user spelt them (for the refusal of parallel-only options). */
  List<String> given() {
    List<String> given = new ArrayList<>();
    if (listen != null) {
      given.add("--listen " + listen);
    }
    if (token != null) {
      given.add("--token " + token);
    }
    return given;
  }
}
