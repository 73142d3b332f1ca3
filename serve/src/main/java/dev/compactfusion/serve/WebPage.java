package dev.compactfusion.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The page at {@code GET /}: one self-contained HTML file (inline script and style, no other
 * assets, so it works on a machine without internet access) that talks to this API like any
 * client: it reads {@code /v1/models}, submits with {@code Prefer: respond-async}, follows the
 * job's events and fetches the result. It can run itself from its query string
 * ({@code /?prompt=red+circle&autorun=1}), which is how the headless-browser check drives it.
 */
final class WebPage {
  private static final String RESOURCE = "index.html";
  private static final String HTML = load();

  private WebPage() {}

  static String html() {
    return HTML;
  }

  private static String load() {
    try (InputStream in = WebPage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the web page " + RESOURCE + " is missing from the serve jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
