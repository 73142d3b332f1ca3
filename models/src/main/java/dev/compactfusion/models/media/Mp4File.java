package dev.compactfusion.models.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.api.awt.AWTSequenceEncoder;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rational;
import org.jcodec.scale.AWTUtil;

/**
 * H.264 video in an MP4 container through jcodec (pure Java, so it works offline and without
 * native libraries). Lossy: colours go through YUV 4:2:0, so this is for viewing, not for
 * {@code compare} of exact results (use PNG or GIF there).
 */
final class Mp4File {
  static final int FRAMES_PER_SECOND = 100 / GifFile.FRAME_DELAY_CENTISECONDS;

  private Mp4File() {}

  static void write(List<BufferedImage> frames, Path out) throws IOException {
    try (SeekableByteChannel channel = NIOUtils.writableChannel(out.toFile())) {
      AWTSequenceEncoder encoder = new AWTSequenceEncoder(channel, Rational.R(FRAMES_PER_SECOND, 1));
      for (BufferedImage frame : frames) {
        encoder.encodeImage(frame);
      }
      encoder.finish();
    }
  }

  static List<BufferedImage> read(Path in) throws IOException {
    try (SeekableByteChannel channel = NIOUtils.readableChannel(in.toFile())) {
      FrameGrab grab = FrameGrab.createFrameGrab(channel);
      List<BufferedImage> frames = new ArrayList<>();
      for (Picture picture = grab.getNativeFrame(); picture != null;
          picture = grab.getNativeFrame()) {
        frames.add(AWTUtil.toBufferedImage(picture));
      }
      return frames;
    } catch (JCodecException e) {
      throw new IOException("cannot decode " + in + " as MP4 video: " + e.getMessage(), e);
    }
  }
}
