package dev.compactfusion.codec;

/**
 * {@code topk:F}: the k = ceil(F*N*C) entries of largest magnitude (ties by lowest index).
 * Body: k int32 indices (strictly increasing), then k fp16 values.
 */
final class TopKCodec extends ShapedCodec {
  private final int keep;
  private final float[] magnitudes;

  TopKCodec(CodecSpec spec, int tokens, int channels) {
    super(spec, tokens, channels);
    keep = keep(spec.fraction(), size);
    magnitudes = new float[size];
  }

  static int keep(double fraction, long elements) {
    return (int) Math.min(elements, Math.max(1, (long) Math.ceil(fraction * elements)));
  }

  @Override
  public void encode(float[] values, byte[] out, int off) {
    for (int i = 0; i < size; i++) {
      magnitudes[i] = Math.abs(values[i]);
    }
    float threshold = select(magnitudes, size - keep);
    int above = 0;
    for (int i = 0; i < size; i++) {
      if (Math.abs(values[i]) > threshold) {
        above++;
      }
    }
    int ties = keep - above;
    int valOff = off + 4 * keep;
    int j = 0;
    for (int i = 0; i < size && j < keep; i++) {
      float a = Math.abs(values[i]);
      if (a > threshold || (a == threshold && ties-- > 0)) {
        LittleEndian.putInt(out, off + 4 * j, i);
        LittleEndian.putHalf(out, valOff + 2 * j, values[i]);
        j++;
      }
    }
    // NaN magnitudes compare false everywhere; pad so the body is still well-formed.
    for (int next = j == 0 ? 0 : LittleEndian.getInt(out, off + 4 * (j - 1)) + 1; j < keep; j++, next++) {
      LittleEndian.putInt(out, off + 4 * j, next);
      LittleEndian.putHalf(out, valOff + 2 * j, 0f);
    }
  }

  @Override
  public void decodeAdd(byte[] in, int off, float[] target) {
    // Validate every index before touching target, so a bad body cannot half-update a base.
    int prev = -1;
    for (int j = 0; j < keep; j++) {
      int idx = LittleEndian.getInt(in, off + 4 * j);
      if (idx <= prev || idx >= size) {
        throw new MalformedBodyException("topk index " + idx + " at position " + j
            + " is out of order or outside 0.." + (size - 1));
      }
      prev = idx;
    }
    int valOff = off + 4 * keep;
    for (int j = 0; j < keep; j++) {
      target[LittleEndian.getInt(in, off + 4 * j)] += LittleEndian.getHalf(in, valOff + 2 * j);
    }
  }

  /** The value at ascending rank {@code k} (0-based); reorders {@code a}. Three-way quickselect. */
  static float select(float[] a, int k) {
    int lo = 0;
    int hi = a.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      float p = median(a[lo], a[mid], a[hi]);
      int lt = lo;
      int gt = hi;
      int i = lo;
      while (i <= gt) {
        float x = a[i];
        if (x < p) {
          a[i++] = a[lt];
          a[lt++] = x;
        } else if (x > p) {
          a[i] = a[gt];
          a[gt--] = x;
        } else {
          i++;
        }
      }
      if (k < lt) {
        hi = lt - 1;
      } else if (k > gt) {
        lo = gt + 1;
      } else {
        return p;
      }
    }
    return a[k];
  }

  private static float median(float a, float b, float c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
