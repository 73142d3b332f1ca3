package dev.compactfusion.models.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The Hub's HTTP interface, as much as a pull needs: {@code api/models/{repo}/revision/{rev}} for
 * the commit and file list, {@code {repo}/raw/{rev}/{path}} for a file's Git LFS pointer and
 * {@code {repo}/resolve/{rev}/{path}} for its bytes (resumed with a Range request). Every reply
 * that is not what was asked for becomes a one-line {@link HubException}.
 */
public final class HubClient {
  private static final int MAX_REDIRECTS = 5;
  private static final long POLL_MILLIS = 200;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(?:\\d+|\\*)");

  /** What the revision API says: the commit the revision points at, and every file in it. */
  public record Listing(String commit, List<String> files) {}

  private record Reply(int status, HttpHeaders headers) {}

  /** Picks where a reply's body goes once its status and headers are known; null discards it. */
  private interface SinkChooser {
    WritableByteChannel choose(int status, HttpHeaders headers) throws IOException;
  }

  private final HubSettings settings;
  private final HttpClient http;

  public HubClient(HubSettings settings) {
    this.settings = settings;
    // Redirects are followed by hand: the token must not travel to another host (the Hub sends
    // LFS downloads to a CDN with signed URLs).
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public Listing listing(HubRepo repo) {
    URI uri = URI.create(settings.endpoint() + "/api/models/" + repo.id() + "/revision/" + repo.encodedRevision());
    String what = repo.toString();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Reply reply = get(uri, 0, textSink(body), Long.MAX_VALUE, n -> { }, what);
    if (reply.status() != 200) {
      throw statusError(reply, repo, what);
    }
    try {
      JsonObject json = JsonParser.parseString(body.toString(StandardCharsets.UTF_8)).getAsJsonObject();
      List<String> files = new ArrayList<>();
      for (JsonElement sibling : json.getAsJsonArray("siblings")) {
        files.add(sibling.getAsJsonObject().get("rfilename").getAsString());
      }
      JsonElement sha = json.get("sha");
      return new Listing(sha == null || sha.isJsonNull() ? repo.revision() : sha.getAsString(), List.copyOf(files));
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException
        | ClassCastException e) {
      throw new HubException(what + ": the revision API's reply from " + settings.endpoint()
          + " is not a model listing (is HF_ENDPOINT a Hub?)");
    }
  }

  /**
   * The file's LFS pointer, or empty for a file git stores itself (configs: the Hub publishes no
   * sha256 for those). Reads at most {@link LfsPointer#MAX_LENGTH} bytes of {@code raw/}.
   */
  public Optional<LfsPointer> pointer(HubRepo repo, String path) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Reply reply = get(fileUri(repo, "raw", path), 0, textSink(body), LfsPointer.MAX_LENGTH, n -> { }, path);
    if (reply.status() != 200) {
      throw statusError(reply, repo, path);
    }
    return body.size() >= LfsPointer.MAX_LENGTH ? Optional.empty()
        : LfsPointer.parse(body.toString(StandardCharsets.UTF_8));
  }

  /**
   * Appends the file's bytes from {@code part.size()} on to {@code part} (a Range request), or
   * rewrites it from the start if the server ignores the range. {@code progress} gets the part's
   * length as it grows. A dropped connection leaves what arrived in {@code part} for the next run.
   */
  public void download(HubRepo repo, String path, FileChannel part, LongConsumer progress) throws IOException {
    long offset = part.size();
    AtomicLong base = new AtomicLong(offset);
    AtomicBoolean accepted = new AtomicBoolean();
    SinkChooser chooser = (status, headers) -> {
      if (status == 206 && offset > 0 && rangeStart(headers) == offset) {
        part.position(offset);
      } else if (status == 200) {
        part.truncate(0).position(0);
        base.set(0);
      } else {
        return null;
      }
      accepted.set(true);
      return part;
    };
    Reply reply = get(fileUri(repo, "resolve", path), offset, chooser, Long.MAX_VALUE,
        n -> progress.accept(base.get() + n), path);
    if (reply.status() == 416 && offset > 0) {
      // The part is longer than the file: it was left by an earlier revision. Start over.
      part.truncate(0);
      download(repo, path, part, progress);
    } else if (!accepted.get()) {
      throw reply.status() / 100 == 2
          ? new HubException(path + ": the server answered a resume request from byte " + offset
              + " with another range (" + reply.headers().firstValue("Content-Range").orElse("none") + ")")
          : statusError(reply, repo, path);
    }
  }

  private URI fileUri(HubRepo repo, String kind, String path) {
    StringBuilder encoded = new StringBuilder();
    for (String segment : path.split("/")) {
      encoded.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return URI.create(settings.endpoint() + "/" + repo.id() + "/" + kind + "/" + repo.encodedRevision() + encoded);
  }

  private static SinkChooser textSink(ByteArrayOutputStream body) {
    return (status, headers) -> status == 200 ? Channels.newChannel(body) : null;
  }

  private static long rangeStart(HttpHeaders headers) {
    Matcher m = CONTENT_RANGE.matcher(headers.firstValue("Content-Range").orElse(""));
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /** GET, following redirects, with every wait (connect, headers, each next bytes) bounded by the timeout. */
  private Reply get(URI start, long rangeStart, SinkChooser chooser, long limit, LongConsumer progress, String what) {
    URI uri = start;
    boolean sendToken = true;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout()).GET()
          .header("User-Agent", "compactfusion-pull");
      if (sendToken && settings.token().isPresent()) {
        request.header("Authorization", "Bearer " + settings.token().get());
      }
      if (rangeStart > 0) {
        request.header("Range", "bytes=" + rangeStart + "-");
      }
      Reply reply = send(request.build(), chooser, limit, progress, what);
      Optional<String> location = reply.headers().firstValue("Location");
      if (reply.status() / 100 != 3 || location.isEmpty()) {
        return reply;
      }
      URI next = uri.resolve(location.get());
      sendToken &= Objects.equals(next.getHost(), uri.getHost()) && Objects.equals(next.getScheme(), uri.getScheme());
      uri = next;
    }
    throw new HubException(what + ": more than " + MAX_REDIRECTS + " redirects from " + start.getHost());
  }

  private Reply send(HttpRequest request, SinkChooser chooser, long limit, LongConsumer progress, String what) {
    AtomicReference<BodyToChannel> body = new AtomicReference<>();
    HttpResponse.BodyHandler<Long> handler = info -> {
      WritableByteChannel sink;
      try {
        sink = info.statusCode() / 100 == 2 ? chooser.choose(info.statusCode(), info.headers()) : null;
      } catch (IOException e) {
        throw new HubException("cannot write " + what + ": " + e.getMessage(), e);
      }
      BodyToChannel subscriber = new BodyToChannel(sink, what, limit);
      body.set(subscriber);
      return subscriber;
    };
    CompletableFuture<HttpResponse<Long>> future = http.sendAsync(request, handler);
    long seen = -1;
    long quietSince = System.nanoTime();
    long timeoutNanos = settings.timeout().toNanos();
    while (true) {
      try {
        HttpResponse<Long> response = future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        progress.accept(response.body());
        return new Reply(response.statusCode(), response.headers());
      } catch (TimeoutException e) {
        BodyToChannel subscriber = body.get();
        long now = subscriber == null ? -1 : subscriber.written();
        if (now != seen) {
          seen = now;
          quietSince = System.nanoTime();
          progress.accept(Math.max(now, 0));
        } else if (System.nanoTime() - quietSince > timeoutNanos) {
          future.cancel(true);
          if (subscriber != null) {
            subscriber.cancel();
          }
          throw new HubException(what + ": no data from " + request.uri().getHost() + " for "
              + settings.timeout().toSeconds() + " s (--timeout); run again to resume");
        }
      } catch (ExecutionException e) {
        BodyToChannel subscriber = body.get();
        throw failure(e.getCause(), request.uri(), what, subscriber == null ? 0 : subscriber.written());
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new HubException(what + ": interrupted");
      }
    }
  }

  private HubException failure(Throwable cause, URI uri, String what, long received) {
    if (cause instanceof HubException hub) {
      return hub;
    }
    String host = uri.getScheme() + "://" + uri.getAuthority();
    long seconds = settings.timeout().toSeconds();
    if (cause instanceof HttpConnectTimeoutException) {
      return new HubException("cannot reach " + host + ": no connection within " + seconds
          + " s (check HF_ENDPOINT and the network)", cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return new HubException(what + ": no reply from " + host + " within " + seconds + " s (--timeout)", cause);
    }
    if (cause instanceof ConnectException) {
      // The JDK reports a refused connection with no message, only a ClosedChannelException inside.
      String reason = cause.getMessage() == null || cause.getMessage().isBlank() ? "connection refused" : describe(cause);
      return new HubException("cannot reach " + host + ": " + reason + " (check HF_ENDPOINT and the network)", cause);
    }
    if (cause instanceof SSLException) {
      return new HubException("cannot reach " + host + ": TLS failed (" + describe(cause) + ")", cause);
    }
    if (received > 0) {
      return new HubException(what + ": connection lost after " + received + " bytes (" + describe(cause)
          + "); run the same command again to resume", cause);
    }
    return new HubException(what + ": request to " + host + " failed (" + describe(cause) + ")", cause);
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && (root.getMessage() == null || root.getMessage().isBlank())) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }

  /** One line for a reply that is not the file or listing asked for; the Hub names the cause in X-Error-Code. */
  private HubException statusError(Reply reply, HubRepo repo, String what) {
    int status = reply.status();
    String code = reply.headers().firstValue("X-Error-Code").orElse("");
    String tokenAdvice = settings.token().isPresent()
        ? "HF_TOKEN is set; check that its account has access"
        : "set HF_TOKEN to a token with access";
    if (code.equals("GatedRepo")) {
      return new HubException(repo.id() + " is gated: accept its conditions on the Hub, then " + tokenAdvice);
    }
    if (code.equals("RepoNotFound")) {
      return new HubException("repository " + repo.id() + " not found at " + settings.endpoint()
          + " (if it is private: " + tokenAdvice + ")");
    }
    if (code.equals("RevisionNotFound")) {
      return new HubException("revision '" + repo.revision() + "' not found in " + repo.id());
    }
    if (code.equals("EntryNotFound")) {
      return new HubException(what + " not found in " + repo);
    }
    if (status == 401 || status == 403) {
      return new HubException(what + ": HTTP " + status + " (private or gated repository: " + tokenAdvice + ")");
    }
    if (status == 404) {
      return new HubException(what + ": not found (HTTP 404) at " + settings.endpoint()
          + "; check the repository name and revision");
    }
    return new HubException(what + ": HTTP " + status + " from " + settings.endpoint()
        + reply.headers().firstValue("X-Error-Message").map(m -> " (" + m + ")").orElse(""));
  }
}
