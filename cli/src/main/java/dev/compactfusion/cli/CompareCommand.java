package dev.compactfusion.cli;

import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.media.MediaIO;
import dev.compactfusion.models.metrics.Fidelity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code compare A B}: how far B is from the reference A, as PSNR and SSIM. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
        "PSNR and SSIM of two images or two videos of the same size.",
        "",
        "Prints PSNR (dB, peak 1.0, over all pixels, channels and frames) and SSIM (11x11 "
            + "Gaussian window, sigma 1.5, RGB channels averaged, mean over frames) of two "
            + "images or two videos of the same size.",
        "Identical inputs give PSNR Infinity and SSIM 1. MP4 is lossy: compare PNG or GIF "
            + "files for exact results."},
    footer = {"", "Example:", "  ./compactfusion compare serial.png ring-1bit.png"})
final class CompareCommand implements Callable<Integer> {
  @Mixin VerbosityOptions verbosity;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A", description = "Reference image or video (.png, .gif, .mp4).")
  Path reference;

  @Parameters(index = "1", paramLabel = "B", description = "Image or video to score against A.")
  Path candidate;

  @Override
  public Integer call() {
    Frames a = load(reference);
    Frames b = load(candidate);
    if (a.frames() != b.frames() || a.height() != b.height() || a.width() != b.width()) {
      throw new UsageException(reference + " is " + describe(a) + " but " + candidate + " is "
          + describe(b) + ": compare needs two images or two videos of the same size");
    }
    Fidelity fidelity = Fidelity.of(a, b);
    PrintWriter out = spec.commandLine().getOut();
    double psnr = fidelity.psnr().decibels();
    out.println(Double.isInfinite(psnr)
        ? "PSNR Infinity dB (identical)"
        : String.format(Locale.ROOT, "PSNR %.3f dB", psnr));
    out.println(String.format(Locale.ROOT, "SSIM %.6f", fidelity.ssim().mean()));
    if (a.isVideo()) {
      out.println(String.format(Locale.ROOT, "(%s; SSIM is the mean over frames, lowest %.6f)",
          describe(a), fidelity.ssim().perFrame().stream().mapToDouble(Double::doubleValue).min()
              .orElseThrow()));
    }
    out.flush();
    return 0;
  }

  /** Unreadable input is the user's to fix: a usage error naming the file. */
  private static Frames load(Path path) {
    try {
      return MediaIO.read(path);
    } catch (IllegalArgumentException e) {
      throw new UsageException(FailureHandler.oneLine(e));
    }
  }

  private static String describe(Frames f) {
    return f.isVideo()
        ? "a video of " + f.frames() + " frames of " + f.width() + "x" + f.height()
        : "an image of " + f.width() + "x" + f.height();
  }
}
