package dev.compactfusion.models.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.common.Codec;
import org.jcodec.common.MuxerTrack;
import org.jcodec.common.VideoCodecMeta;
import org.jcodec.common.VideoEncoder.EncodedFrame;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.muxer.MP4Muxer;
import org.jcodec.scale.AWTUtil;
import org.jcodec.scale.ColorUtil;
import org.jcodec.scale.Transform;

/**
 * H.264 video in an MP4 container through jcodec (pure Java, so it works offline and without
 * native libraries). Lossy: colours go through YUV 4:2:0, so this is for viewing, not for
 * {@code compare} of exact results (use PNG or GIF there).
 *
 * <p>jcodec's own {@code SequenceEncoder} converts to full-range ("JPEG") YUV but writes no
 * full-range flag, so players and jcodec's own decoder read it as limited range and stretch the
 * contrast (a mid-grey 51 comes back as 42). We convert to limited-range BT.601 YUV ourselves,
 * which is what an unflagged H.264 stream means, and hand those planes to the encoder.
 */
final class Mp4File {
  static final int FRAMES_PER_SECOND = 100 / GifFile.FRAME_DELAY_CENTISECONDS;
  private static final long HEADER_ROOM = 64 * 1024;

  private Mp4File() {}

  static void write(List<BufferedImage> frames, Path out) throws IOException {
    try (SeekableByteChannel channel = NIOUtils.writableChannel(out.toFile())) {
      write(frames, channel);
    }
  }

  /** The bytes {@link #write} puts in a file, for answers that carry the video rather than a file. */
  static byte[] bytes(List<BufferedImage> frames) throws IOException {
    // Each frame's encoder bound, plus room for the container's boxes (a few dozen bytes a frame).
    H264Encoder sizer = H264Encoder.createH264Encoder();
    long capacity = HEADER_ROOM;
    for (BufferedImage frame : frames) {
      capacity += sizer.estimateBufferSize(Picture.create(frame.getWidth(), frame.getHeight(), ColorSpace.YUV420J))
          + 64L;
    }
    if (capacity > Integer.MAX_VALUE - 8) {
      throw new IOException("a video of " + frames.size() + " frames is too large to encode in memory");
    }
    ByteBufferSeekableByteChannel channel = ByteBufferSeekableByteChannel.writeToByteBuffer(
        ByteBuffer.allocate((int) capacity));
    write(frames, channel);
    ByteBuffer contents = channel.getContents();
    byte[] out = new byte[contents.remaining()];
    contents.get(out);
    return out;
  }

  private static void write(List<BufferedImage> frames, SeekableByteChannel channel) throws IOException {
    MP4Muxer muxer = MP4Muxer.createMP4MuxerToChannel(channel);
    H264Encoder encoder = H264Encoder.createH264Encoder();
    Transform toYuv = ColorUtil.getTransform(ColorSpace.RGB, ColorSpace.YUV420);
    MuxerTrack track = null;
    for (int i = 0; i < frames.size(); i++) {
      Picture rgb = AWTUtil.fromBufferedImageRGB(frames.get(i));
      Picture yuv = Picture.create(rgb.getWidth(), rgb.getHeight(), ColorSpace.YUV420);
      toYuv.transform(rgb, yuv);
      // Same planes, labelled with the only colour space the encoder accepts (see above).
      Picture input = Picture.createPicture(yuv.getWidth(), yuv.getHeight(), yuv.getData(),
          ColorSpace.YUV420J);
      ByteBuffer buffer = ByteBuffer.allocate(encoder.estimateBufferSize(input));
      EncodedFrame encoded = encoder.encodeFrame(input, buffer);
      if (track == null) {
        track = muxer.addVideoTrack(Codec.H264, VideoCodecMeta.createSimpleVideoCodecMeta(
            new Size(rgb.getWidth(), rgb.getHeight()), ColorSpace.YUV420));
      }
      track.addFrame(Packet.createPacket(encoded.getData(), i, FRAMES_PER_SECOND, 1, i,
          encoded.isKeyFrame() ? Packet.FrameType.KEY : Packet.FrameType.INTER, null));
    }
    muxer.finish();
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
