package dev.compactfusion.models.hub;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Hub is and how to talk to it. Built from an environment map rather than read from
 * {@code System.getenv} so that tests can point it at a loopback server and set a token.
 *
 * @param timeout bound on connecting and on any wait for the next bytes of a response
 */
public record HubSettings(URI endpoint, Optional<String> token, Duration timeout) {
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

  public HubSettings {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
    }
  }

  /** {@code HF_ENDPOINT} (default the public Hub) and {@code HF_TOKEN} from {@code env}. */
  public static HubSettings fromEnvironment(Map<String, String> env, Duration timeout) {
    String endpoint = env.getOrDefault("HF_ENDPOINT", "").strip();
    String token = env.getOrDefault("HF_TOKEN", "").strip();
    return new HubSettings(endpoint(endpoint.isEmpty() ? DEFAULT_ENDPOINT : endpoint),
        token.isEmpty() ? Optional.empty() : Optional.of(token), timeout);
  }

  private static URI endpoint(String text) {
    try {
      URI uri = new URI(text.replaceAll("/+$", ""));
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException("HF_ENDPOINT '" + text + "' is not an http(s) address");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("HF_ENDPOINT '" + text + "' is not an address: " + e.getMessage());
    }
  }
}
