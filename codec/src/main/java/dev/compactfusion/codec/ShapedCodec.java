package dev.compactfusion.codec;

/** What every codec holds: its spec and shape. */
abstract class ShapedCodec implements Codec {
  protected final CodecSpec spec;
  protected final int tokens;
  protected final int channels;
  protected final int size;
  private final int bodyBytes;

  ShapedCodec(CodecSpec spec, int tokens, int channels) {
    this.spec = spec;
    this.tokens = tokens;
    this.channels = channels;
    this.size = tokens * channels;
    this.bodyBytes = Codecs.bodyBytes(spec, tokens, channels);
  }

  @Override
  public CodecSpec spec() {
    return spec;
  }

  @Override
  public int tokens() {
    return tokens;
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public int bodyBytes() {
    return bodyBytes;
  }

  @Override
  public long stateBytes() {
    return 0;
  }
}
