package dev.compactfusion.models.diffusers.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * What decoding a band of image rows needs from the rest of the image: the three places where
 * the decoder looks beyond a row (3×3 convolutions, GroupNorm, the mid-block attention). The
 * decoder calls these in the same order for every band, so implementations may number their
 * exchanges by call. {@link #WHOLE} is the serial decode: the band is the image.
 */
public interface ImageRows {

  /** The band [B, C, h, W] with the row above and the row below it, [B, C, h + 2, W]; zero rows at the image's edges. */
  NDArray withHalo(NDArray band);

  /** The whole image's statistics from this band's. */
  GroupStats reduce(GroupStats band);

  /** The whole image's sequence [B, H·W, C] from this band's [B, h·W, C]; bands follow in row order. */
  NDArray gatherSequence(NDArray band);

  ImageRows WHOLE = new ImageRows() {
    @Override
    public NDArray withHalo(NDArray band) {
      long[] s = band.getShape().getShape();
      NDArray zero = band.getManager().zeros(new Shape(s[0], s[1], 1, s[3]), band.getDataType());
      return zero.concat(band, 2).concat(zero, 2);
    }

    @Override
    public GroupStats reduce(GroupStats band) {
      return band;
    }

    @Override
    public NDArray gatherSequence(NDArray band) {
      return band;
    }
  };
}
