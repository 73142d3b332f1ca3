package dev.compactfusion.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A Hugging Face Hub look-alike on loopback serving one fixture repository the way the Hub does:
 * {@code /api/models/{repo}/revision/{rev}} (JSON with {@code sha} and {@code siblings}),
 * {@code /{repo}/raw/{rev}/{path}} (the LFS pointer for LFS files, the content otherwise) and
 * {@code /{repo}/resolve/{rev}/{path}} (content; LFS files redirect to a CDN path, as on the Hub),
 * with Range requests, X-Error-Code on 404s, and faults the tests ask for.
 */
final class HubFixture implements AutoCloseable {
  static final String REPO = "fixture-org/tiny-dit";
  static final String REVISION = "refs/pr/1";
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  private final Map<String, byte[]> files = new TreeMap<>();
  private final Set<String> lfs = new HashSet<>();
  private final Map<String, byte[]> corrupted = new HashMap<>();
  private final Set<String> dropOnce = new HashSet<>();
  private final Set<String> stallOnce = new HashSet<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private String requiredToken;
  private String cdnHost;
  final List<String> ranges = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final List<String> requested = new CopyOnWriteArrayList<>();
  final List<String> cdnAuthorizations = new CopyOnWriteArrayList<>();

  HubFixture() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * A DiT pipeline's layout with small stand-in contents: configs, LFS weights (single or sharded
   * transformer), plus files a pull must leave alone (a README, .bin weights, an fp16 variant).
   */
  static HubFixture ditPipeline(boolean shardedTransformer) {
    HubFixture f = new HubFixture();
    f.file("README.md", text("# tiny"));
    f.file(".gitattributes", text("*.safetensors filter=lfs diff=lfs merge=lfs -text\n"));
    f.file("model_index.json", text("{\"_class_name\": \"DiTPipeline\", \"_diffusers_version\": \"0.30.0\","
        + " \"id2label\": {\"0\": \"tench\"}, \"scheduler\": [\"diffusers\", \"KarrasDiffusionSchedulers\"],"
        + " \"transformer\": [\"diffusers\", \"DiTTransformer2DModel\"], \"vae\": [\"diffusers\", \"AutoencoderKL\"]}"));
    f.file("scheduler/scheduler_config.json", text("{\"_class_name\": \"DDIMScheduler\"}"));
    f.file("transformer/config.json", text("{\"_class_name\": \"DiTTransformer2DModel\"}"));
    f.lfsFile("transformer/diffusion_pytorch_model.bin", random(3000, 9));
    if (shardedTransformer) {
      f.file("transformer/diffusion_pytorch_model.safetensors.index.json", text("{\"metadata\": {},"
          + " \"weight_map\": {\"a\": \"diffusion_pytorch_model-00001-of-00002.safetensors\","
          + " \"b\": \"diffusion_pytorch_model-00002-of-00002.safetensors\"}}"));
      f.lfsFile("transformer/diffusion_pytorch_model-00001-of-00002.safetensors", random(150_000, 1));
      f.lfsFile("transformer/diffusion_pytorch_model-00002-of-00002.safetensors", random(70_000, 2));
    } else {
      f.lfsFile("transformer/diffusion_pytorch_model.safetensors", random(200_000, 3));
    }
    f.file("vae/config.json", text("{\"_class_name\": \"AutoencoderKL\"}"));
    f.lfsFile("vae/diffusion_pytorch_model.safetensors", random(50_000, 4));
    f.lfsFile("vae/diffusion_pytorch_model.fp16.safetensors", random(25_000, 5));
    return f;
  }

  HubFixture file(String path, byte[] content) {
    files.put(path, content);
    lfs.remove(path);
    return this;
  }

  HubFixture lfsFile(String path, byte[] content) {
    files.put(path, content);
    lfs.add(path);
    return this;
  }

  HubFixture remove(String path) {
    files.remove(path);
    return this;
  }

  /** Serves bytes other than the pointer's (same length) for {@code path}. */
  HubFixture corrupt(String path) {
    byte[] wrong = files.get(path).clone();
    wrong[wrong.length / 2] ^= 1;
    corrupted.put(path, wrong);
    return this;
  }

  /** The next download of {@code path} stops halfway: the connection is closed mid-body. */
  HubFixture dropOnce(String path) {
    dropOnce.add(path);
    return this;
  }

  /** The next download of {@code path} sends half its body, then nothing more until the fixture closes. */
  HubFixture stallOnce(String path) {
    stallOnce.add(path);
    return this;
  }

  /** Requests without {@code Authorization: Bearer token} get 401, as a gated repository does. */
  HubFixture requireToken(String token) {
    requiredToken = token;
    return this;
  }

  /** LFS downloads redirect to {@code host} (another name of this server), as the Hub's go to its CDN. */
  HubFixture cdnHost(String host) {
    cdnHost = host;
    return this;
  }

  byte[] content(String path) {
    return files.get(path);
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  Map<String, String> environment() {
    return Map.of("HF_ENDPOINT", endpoint());
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] random(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] content) {
    try {
      StringBuilder hex = new StringBuilder();
      for (byte b : MessageDigest.getInstance("SHA-256").digest(content)) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    authorizations.add(authorization == null ? "" : authorization);
    String rawPath = exchange.getRequestURI().getRawPath();
    requested.add(rawPath);
    boolean cdn = rawPath.startsWith("/cdn/");
    if (cdn) {
      cdnAuthorizations.add(authorization == null ? "" : authorization);
    } else if (requiredToken != null && !("Bearer " + requiredToken).equals(authorization)) {
      reply(exchange, 401, "", text("unauthorized"));
      return;
    }
    List<String> parts = Arrays.asList(rawPath.substring(1).split("/"));
    if (parts.size() >= 2 && parts.get(0).equals("cdn")) {
      String path = files.keySet().stream().filter(p -> lfs.contains(p) && sha256(files.get(p)).equals(parts.get(1)))
          .findFirst().orElse(null);
      if (path == null) {
        reply(exchange, 404, "", text("no such object"));
      } else {
        serve(exchange, path, corrupted.getOrDefault(path, files.get(path)));
      }
      return;
    }
    if (parts.size() == 6 && parts.get(0).equals("api") && parts.get(1).equals("models") && parts.get(4).equals("revision")) {
      if (checkRepo(exchange, parts.get(2) + "/" + parts.get(3), parts.get(5))) {
        String siblings = files.keySet().stream().map(p -> "{\"rfilename\": \"" + p + "\"}").collect(Collectors.joining(", "));
        reply(exchange, 200, "", text("{\"id\": \"" + REPO + "\", \"sha\": \"" + COMMIT + "\", \"siblings\": [" + siblings + "]}"));
      }
      return;
    }
    if (parts.size() >= 5 && (parts.get(2).equals("raw") || parts.get(2).equals("resolve"))) {
      if (!checkRepo(exchange, parts.get(0) + "/" + parts.get(1), parts.get(3))) {
        return;
      }
      String path = parts.subList(4, parts.size()).stream().map(HubFixture::decode).collect(Collectors.joining("/"));
      byte[] content = files.get(path);
      if (content == null) {
        reply(exchange, 404, "EntryNotFound", text("no such file"));
      } else if (parts.get(2).equals("raw")) {
        reply(exchange, 200, "", lfs.contains(path) ? text(pointer(content)) : content);
      } else if (lfs.contains(path)) {
        String where = cdnHost == null ? "" : "http://" + cdnHost + ":" + server.getAddress().getPort();
        exchange.getResponseHeaders().set("Location", where + "/cdn/" + sha256(content));
        reply(exchange, 302, "", new byte[0]);
      } else {
        serve(exchange, path, content);
      }
      return;
    }
    reply(exchange, 404, "", text("unknown URL"));
  }

  private static String pointer(byte[] content) {
    return "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256(content) + "\nsize " + content.length + "\n";
  }

  private boolean checkRepo(HttpExchange exchange, String repo, String rawRevision) throws IOException {
    if (!repo.equals(REPO)) {
      reply(exchange, 404, "RepoNotFound", text("Repository not found"));
      return false;
    }
    if (!decode(rawRevision).equals(REVISION)) {
      reply(exchange, 404, "RevisionNotFound", text("Invalid rev id"));
      return false;
    }
    return true;
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The content, or its tail for {@code Range: bytes=N-}; a dropped transfer sends half the body and closes. */
  private void serve(HttpExchange exchange, String path, byte[] content) throws IOException {
    String range = exchange.getRequestHeaders().getFirst("Range");
    int from = 0;
    if (range != null) {
      ranges.add(path + " " + range);
      from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
      if (from >= content.length) {
        exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
        reply(exchange, 416, "", new byte[0]);
        return;
      }
      exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
    }
    byte[] body = Arrays.copyOfRange(content, from, content.length);
    exchange.sendResponseHeaders(range == null ? 200 : 206, body.length);
    OutputStream out = exchange.getResponseBody();
    if (dropOnce.remove(path)) {
      out.write(body, 0, body.length / 2);
      out.flush();
      // An exception out of a handler makes the server close the connection: the client sees
      // the body end early, as with a network drop.
      throw new IOException("fixture drops the connection of " + path);
    }
    if (stallOnce.remove(path)) {
      out.write(body, 0, body.length / 2);
      out.flush();
      try {
        closing.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("fixture closes a stalled transfer of " + path);
    }
    out.write(body);
    out.close();
  }

  private static void reply(HttpExchange exchange, int status, String errorCode, byte[] body) throws IOException {
    if (!errorCode.isEmpty()) {
      exchange.getResponseHeaders().set("X-Error-Code", errorCode);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
