package dev.compactfusion.engine.pipeline;

/**
 * Moves one patch between a chunk's hidden states [batch × chunkTokens × width] and the
 * token-major matrix [patchTokens × batch·width] a residual codec compresses (tokens as rows, as
 * the attention exchanges give their codecs).
 */
record HiddenLayout(int batch, int width) {

  int channels() {
    return batch * width;
  }

  /** Tokens [offset, offset + len) of a chunk of {@code chunkTokens}, token-major. */
  float[] extract(float[] hidden, int chunkTokens, int offset, int len) {
    float[] out = new float[len * channels()];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < len; i++) {
        System.arraycopy(hidden, (b * chunkTokens + offset + i) * width, out, i * channels() + b * width, width);
      }
    }
    return out;
  }

  /** The inverse of {@link #extract}: writes the token-major patch into the chunk. */
  void insert(float[] patch, float[] hidden, int chunkTokens, int offset, int len) {
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < len; i++) {
        System.arraycopy(patch, i * channels() + b * width, hidden, (b * chunkTokens + offset + i) * width, width);
      }
    }
  }
}
