package dev.compactfusion.models.hub;

/** What a {@link Pull} reports while it runs, for a progress bar or a log; calls come from the pulling thread. */
public interface PullListener {
  PullListener NONE = new PullListener() {};

  /** A download begins; {@code size} is -1 when only the server knows it (files git stores itself). */
  default void fileStarted(String path, long size, long resumedFrom) {}

  /** Bytes of the current file on disk so far. */
  default void fileProgress(long bytes) {}

  /** The file is complete (and its sha256 matched, where {@code verified}). */
  default void fileDone(String path, long size, boolean verified) {}
}
