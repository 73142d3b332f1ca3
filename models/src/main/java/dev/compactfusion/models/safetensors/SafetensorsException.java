package dev.compactfusion.models.safetensors;

/** A safetensors file that cannot be used; the message names the file, the tensor and the problem. */
public final class SafetensorsException extends RuntimeException {
  public SafetensorsException(String file, String tensor, String problem) {
    super(file + (tensor == null ? "" : ": tensor '" + tensor + "'") + ": " + problem);
  }

  public SafetensorsException(String file, String tensor, String problem, Throwable cause) {
    super(file + (tensor == null ? "" : ": tensor '" + tensor + "'") + ": " + problem, cause);
  }
}
