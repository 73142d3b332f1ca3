package dev.compactfusion.models.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Downloads a pipeline folder: lists the revision, fetches {@code model_index.json}, selects the
 * components' files ({@link FileSelection}) and fetches each into the {@link Staging} folder,
 * resuming {@code .part} files left by an interrupted run and checking LFS files' size and
 * sha256 against their pointers. Only a fully verified folder is moved onto the target.
 */
public final class Pull {
  /** What was pulled: the commit the revision resolved to, and the folder's contents. */
  public record Result(HubRepo repo, String commit, Path dir, int files, long bytes, int verified) {}

  private final HubClient client;
  private final PullListener listener;

  public Pull(HubClient client, PullListener listener) {
    this.client = client;
    this.listener = listener;
  }

  /**
   * Pulls {@code repo} into {@code target}. An existing non-empty target is refused (an
   * {@link IllegalArgumentException}, the caller's to fix) unless {@code replace}.
   */
  public Result run(HubRepo repo, Path target, boolean replace) {
    Path dir = target.toAbsolutePath().normalize();
    try {
      if (!replace && !Staging.isFree(dir)) {
        throw new IllegalArgumentException(target + " already exists; pass --force to replace it");
      }
      HubClient.Listing listing = client.listing(repo);
      if (!listing.files().contains(FileSelection.MODEL_INDEX)) {
        throw new HubException(repo + " has no " + FileSelection.MODEL_INDEX + ": not a diffusers pipeline repository");
      }
      Files.createDirectories(dir.getParent());
      Staging staging = Staging.open(dir, listing.commit());
      Fetcher fetcher = new Fetcher(repo, staging);
      fetcher.fetch(FileSelection.MODEL_INDEX);
      JsonObject modelIndex = json(staging.file(FileSelection.MODEL_INDEX), FileSelection.MODEL_INDEX);
      for (String name : FileSelection.components(modelIndex)) {
        FileSelection.Component component = FileSelection.component(name, listing.files(), repo);
        for (String file : component.files()) {
          fetcher.fetch(file);
        }
        if (component.shardIndex().isPresent()) {
          String index = component.shardIndex().get();
          fetcher.fetch(index);
          for (String shard : FileSelection.shards(index, json(staging.file(index), index), listing.files())) {
            fetcher.fetch(shard);
          }
        }
      }
      staging.publish();
      return new Result(repo, listing.commit(), dir, fetcher.files, fetcher.bytes, fetcher.verified);
    } catch (IOException e) {
      throw new HubException("cannot write the download folder " + dir + Staging.SUFFIX + ": " + describe(e), e);
    }
  }

  /** e.g. "/models/x.partial/vae: no space left on device", or the exception's kind where it gives no reason. */
  private static String describe(IOException e) {
    if (e instanceof FileSystemException f) {
      String reason = f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
      return (f.getFile() != null ? f.getFile() + ": " : "") + reason;
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static JsonObject json(Path file, String path) throws IOException {
    try {
      JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
      if (e.isJsonObject()) {
        return e.getAsJsonObject();
      }
    } catch (JsonParseException e) {
      // reported below, as for a JSON value that is not an object
    }
    throw new HubException(path + " from the repository is not a JSON object");
  }

  /** Fetches files into one staging folder, counting what the result reports. */
  private final class Fetcher {
    private final HubRepo repo;
    private final Staging staging;
    int files;
    long bytes;
    int verified;

    Fetcher(HubRepo repo, Staging staging) {
      this.repo = repo;
      this.staging = staging;
    }

    void fetch(String path) throws IOException {
      Path dest = staging.file(path);
      if (!Files.isRegularFile(dest)) {
        download(path, dest);
      }
      files++;
      bytes += Files.size(dest);
    }

    /** Into {@code dest.part}, resumed where an earlier run stopped; renamed to {@code dest} once complete and checked. */
    private void download(String path, Path dest) throws IOException {
      Optional<LfsPointer> pointer = client.pointer(repo, path);
      Path part = dest.resolveSibling(dest.getFileName() + ".part");
      long size = pointer.map(LfsPointer::size).orElse(-1L);
      try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        if (size >= 0 && channel.size() > size) {
          channel.truncate(0);
        }
        listener.fileStarted(path, size, channel.size());
        if (size < 0 || channel.size() < size) {
          client.download(repo, path, channel, listener::fileProgress);
        }
        channel.force(true);
      }
      if (pointer.isPresent()) {
        check(path, part, pointer.get());
        verified++;
      }
      Files.move(part, dest, StandardCopyOption.ATOMIC_MOVE);
      listener.fileDone(path, Files.size(dest), pointer.isPresent());
    }

    /** Size and sha256 against the pointer; a mismatching part is deleted, since resuming it cannot help. */
    private void check(String path, Path part, LfsPointer pointer) throws IOException {
      long size = Files.size(part);
      String actual = size == pointer.size() ? sha256(part) : null;
      if (!pointer.sha256().equals(actual)) {
        Files.delete(part);
        throw new HubException(path + ": " + (actual == null
            ? size + " bytes where its LFS pointer says " + pointer.size()
            : "sha256 " + actual + " where its LFS pointer says " + pointer.sha256())
            + "; deleted the download, run again to fetch it anew");
      }
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
