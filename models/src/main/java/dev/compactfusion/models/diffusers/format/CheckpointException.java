package dev.compactfusion.models.diffusers.format;

/**
 * A diffusers checkpoint that cannot be used. The message is one line naming the file, the tensor
 * or key where there is one, and what is wrong.
 */
public final class CheckpointException extends IllegalArgumentException {
  public CheckpointException(String message) {
    super(oneLine(message));
  }

  public CheckpointException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s*\\R\\s*", " ");
  }
}
