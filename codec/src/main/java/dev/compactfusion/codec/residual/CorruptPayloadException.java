package dev.compactfusion.codec.residual;

/** A payload that does not decode for the stream it arrived on; the message names the stream. */
public final class CorruptPayloadException extends RuntimeException {
  public CorruptPayloadException(StreamKey stream, String problem) {
    super("corrupt payload on stream " + stream + ": " + problem);
  }
}
