import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives headless chromium over the DevTools protocol (JDK only: java.net.http's WebSocket, no
 * libraries), for scripts/web-page-check.sh: opens PAGE, polls the page's status element until
 * it says done or error (recording every status text it showed, so live progress is seen), then
 * prints the status, the progress texts and the stats table, and saves a screenshot.
 *
 * <p>Run as a single-file program: {@code java scripts/WebPageCheck.java CHROMIUM PAGE OUT_DIR}.
 * Exit 0 when the page ended done with an image, 1 otherwise.
 */
public final class WebPageCheck {
  private static final Pattern WS = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
  private static final Duration DEADLINE = Duration.ofSeconds(240);

  private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
  private WebSocket socket;
  private int nextId = 1;

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: java WebPageCheck.java CHROMIUM PAGE_URL OUT_DIR");
      System.exit(2);
    }
    Path out = Path.of(args[2]);
    Path profile = Files.createTempDirectory("web-page-check-profile");
    Process browser = new ProcessBuilder(args[0], "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-crash-reporter", "--disable-breakpad",
        "--user-data-dir=" + profile, "--window-size=900,1000",
        "--remote-debugging-port=0", "about:blank").redirectOutput(out.resolve("chromium.log").toFile()).start();
    // A hook, so that the browser also goes when this JVM is stopped (e.g. by the script's timeout).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(browser, profile)));
    System.exit(new WebPageCheck().check(browser, args[1], out));
  }

  /**
   * Debian's chromium is a wrapper script: the browser and its helpers are its descendants, and
   * would outlive it if only the wrapper were stopped.
   */
  private static void stop(Process browser, Path profile) {
    List<ProcessHandle> all = browser.descendants().toList();
    all.forEach(ProcessHandle::destroy);
    browser.destroy();
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
    try {
      if (!browser.waitFor(10, TimeUnit.SECONDS)) {
        browser.destroyForcibly();
      }
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    } catch (IOException | InterruptedException e) {
      System.err.println("web-page-check: could not clean up the browser profile " + profile + ": " + e);
    }
  }

  private int check(Process browser, String page, Path out) throws Exception {
    String browserWs = devtoolsUrl(browser);
    HttpClient http = HttpClient.newHttpClient();
    URI base = URI.create(browserWs.replaceFirst("^ws://", "http://").replaceFirst("/devtools/.*$", ""));
    // A page target of its own; its WebSocket takes page commands without sessions.
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("/json/new?about:blank"))
        .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher target = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
    if (!target.find()) {
      System.err.println("web-page-check: chromium made no page target: " + created.body());
      return 1;
    }
    socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
        .buildAsync(URI.create(target.group(1)), new Listener()).get(30, TimeUnit.SECONDS);
    call("Page.navigate", "{\"url\":" + quote(page) + "}");
    Set<String> shown = new LinkedHashSet<>();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    String state = "";
    while (System.nanoTime() < deadline) {
      String status = evaluate("(() => { const s = document.getElementById('status');"
          + " return s ? s.dataset.state + '|' + s.textContent : 'loading|'; })()");
      int bar = status.indexOf('|');
      state = status.substring(0, bar);
      shown.add(status.substring(bar + 1));
      if (state.equals("done") || state.equals("error")) {
        break;
      }
      Thread.sleep(20);
    }
    System.out.println("web-page-check: states shown: " + String.join(" / ", shown));
    if (!state.equals("done")) {
      System.err.println("web-page-check: the page ended in state '" + state + "' within " + DEADLINE.toSeconds()
          + " s: " + new ArrayList<>(shown).get(shown.size() - 1));
      return 1;
    }
    String images = evaluate("String(document.querySelectorAll('#output img').length)");
    String stats = evaluate("Array.from(document.querySelectorAll('#stats tr'))"
        + ".map(r => r.cells[0].textContent + ': ' + r.cells[1].textContent).join('\\n')");
    String history = evaluate("Array.from(document.querySelectorAll('#history li')).map(l => l.textContent).join('\\n')");
    System.out.println("web-page-check: images " + images);
    System.out.println(stats);
    System.out.println("web-page-check: history: " + history);
    Files.writeString(out.resolve("page.html"), evaluate("document.documentElement.outerHTML"));
    String shot = value(call("Page.captureScreenshot", "{\"format\":\"png\"}"), "data");
    Files.write(out.resolve("web-page.png"), Base64.getDecoder().decode(shot));
    if (images.equals("0")) {
      System.err.println("web-page-check: the page says done but shows no image");
      return 1;
    }
    return 0;
  }

  private static String devtoolsUrl(Process browser) throws IOException {
    // Chromium prints the browser endpoint on stderr once it listens.
    BufferedReader err = new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line; (line = err.readLine()) != null; ) {
          Matcher m = WS.matcher(line);
          if (m.find()) {
            return m.group(1);
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    try {
      String found = url.get(60, TimeUnit.SECONDS);
      if (found == null) {
        throw new IOException("chromium exited without a DevTools endpoint");
      }
      // Keep draining stderr so chromium never blocks on a full pipe.
      CompletableFuture.runAsync(() -> {
        try {
          while (err.readLine() != null) {
            // drained
          }
        } catch (IOException ignored) {
          // the browser is gone
        }
      });
      return found;
    } catch (Exception e) {
      throw new IOException("no DevTools endpoint from chromium within 60 s: " + e.getMessage(), e);
    }
  }

  private String evaluate(String expression) throws Exception {
    return value(call("Runtime.evaluate", "{\"expression\":" + quote(expression) + ",\"returnByValue\":true}"), "value");
  }

  private synchronized String call(String method, String params) throws Exception {
    int id = nextId++;
    CompletableFuture<String> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
        .get(30, TimeUnit.SECONDS);
    String reply = answer.get(60, TimeUnit.SECONDS);
    if (reply.contains("\"error\":{") && !reply.contains("\"result\"")) {
      throw new IllegalStateException(method + " failed: " + reply);
    }
    return reply;
  }

  /** The string value of the first {@code "key": "..."} in a reply, unescaped. */
  private static String value(String json, String key) {
    int at = json.indexOf("\"" + key + "\":\"");
    if (at < 0) {
      throw new IllegalStateException("no string " + key + " in " + (json.length() > 300 ? json.substring(0, 300) : json));
    }
    StringBuilder out = new StringBuilder();
    for (int i = at + key.length() + 4; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        char e = json.charAt(++i);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> out.append(e);
        }
      } else {
        out.append(c);
      }
    }
    throw new IllegalStateException("unterminated string " + key);
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Collects each text message and hands a reply to the call waiting for its id. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+)");

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        Matcher m = ID.matcher(message);
        if (m.find()) {
          CompletableFuture<String> waiting = pending.remove(Integer.parseInt(m.group(1)));
          if (waiting != null) {
            waiting.complete(message);
          }
        }
      }
      ws.request(1);
      return null;
    }
  }
}
