package dev.compactfusion.codec;

/** A payload body whose content is impossible for its codec (e.g. out-of-range topk indices). */
public final class MalformedBodyException extends RuntimeException {
  public MalformedBodyException(String problem) {
    super(problem);
  }
}
