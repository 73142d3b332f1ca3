package dev.compactfusion.models.metrics;

import dev.compactfusion.models.media.Frames;
import java.util.Objects;

/**
 * How close one image or video is to a reference: what {@code compare} prints and what the
 * parallel runs report against the serial output.
 */
public record Fidelity(Psnr psnr, Ssim ssim) {
  public Fidelity {
    Objects.requireNonNull(psnr, "psnr");
    Objects.requireNonNull(ssim, "ssim");
  }

  public static Fidelity of(Frames reference, Frames candidate) {
    return new Fidelity(Psnr.of(reference, candidate), Ssim.of(reference, candidate));
  }
}
