package dev.compactfusion.models.media;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Node;

/**
 * Animated GIF through javax.imageio: every frame is a full-size image with its own colour
 * table ({@link Palette}), shown for {@link #FRAME_DELAY_CENTISECONDS}; a NETSCAPE2.0 extension
 * makes viewers loop forever. Reading composes frames the way viewers do (offsets, disposal), so
 * GIFs from other tools that store only changed rectangles come back as full frames.
 */
final class GifFile {
  /** 10 frames per second: slow enough to follow a short generated clip. */
  static final int FRAME_DELAY_CENTISECONDS = 10;

  private static final String FORMAT = "javax_imageio_gif_image_1.0";

  private GifFile() {}

  static void write(List<BufferedImage> frames, Path out) throws IOException {
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out.toFile())) {
      write(frames, stream);
    }
  }

  /** The same bytes in memory, for answers that carry the video rather than a file. */
  static byte[] bytes(List<BufferedImage> frames) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(bytes)) {
      write(frames, stream);
    }
    return bytes.toByteArray();
  }

  private static void write(List<BufferedImage> frames, ImageOutputStream stream) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    try {
      writer.setOutput(stream);
      writer.prepareWriteSequence(null);
      for (BufferedImage frame : frames) {
        BufferedImage indexed = Palette.of(frame).index(frame);
        ImageWriteParam param = writer.getDefaultWriteParam();
        // Not createFromRenderedImage: for TYPE_BYTE_INDEXED it returns the type's stock
        // palette instead of this image's.
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(indexed), param);
        metadata.mergeTree(FORMAT, frameMetadata(frames.size() > 1));
        writer.writeToSequence(new IIOImage(indexed, null, metadata), param);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
  }

  private static IIOMetadataNode frameMetadata(boolean loop) {
    IIOMetadataNode root = new IIOMetadataNode(FORMAT);
    IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
    control.setAttribute("disposalMethod", "none");
    control.setAttribute("userInputFlag", "FALSE");
    control.setAttribute("transparentColorFlag", "FALSE");
    control.setAttribute("delayTime", Integer.toString(FRAME_DELAY_CENTISECONDS));
    control.setAttribute("transparentColorIndex", "0");
    root.appendChild(control);
    if (loop) {
      IIOMetadataNode extensions = new IIOMetadataNode("ApplicationExtensions");
      IIOMetadataNode netscape = new IIOMetadataNode("ApplicationExtension");
      netscape.setAttribute("applicationID", "NETSCAPE");
      netscape.setAttribute("authenticationCode", "2.0");
      netscape.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
      extensions.appendChild(netscape);
      root.appendChild(extensions);
    }
    return root;
  }

  static List<BufferedImage> read(Path in) throws IOException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("gif");
    ImageReader reader = readers.next();
    try (ImageInputStream stream = ImageIO.createImageInputStream(in.toFile())) {
      if (stream == null) {
        throw new IOException("cannot open " + in);
      }
      reader.setInput(stream, false, false);
      int count = reader.getNumImages(true);
      List<BufferedImage> frames = new ArrayList<>(count);
      BufferedImage canvas = null;
      for (int i = 0; i < count; i++) {
        BufferedImage part = reader.read(i);
        Node tree = reader.getImageMetadata(i).getAsTree(FORMAT);
        int left = intAttribute(tree, "ImageDescriptor", "imageLeftPosition");
        int top = intAttribute(tree, "ImageDescriptor", "imageTopPosition");
        if (canvas == null) {
          int[] screen = screenSize(reader, part, left, top);
          canvas = new BufferedImage(screen[0], screen[1], BufferedImage.TYPE_INT_ARGB);
        }
        BufferedImage before = copy(canvas);
        draw(canvas, part, left, top);
        frames.add(opaque(canvas));
        switch (disposal(tree)) {
          case "restoreToBackgroundColor" -> clear(canvas, left, top, part);
          case "restoreToPrevious" -> canvas = before;
          default -> { } // "none" and "doNotDispose" keep the frame as the next one's base
        }
      }
      return frames;
    } finally {
      reader.dispose();
    }
  }

  private static int[] screenSize(ImageReader reader, BufferedImage first, int left, int top)
      throws IOException {
    IIOMetadata stream = reader.getStreamMetadata();
    if (stream != null) {
      Node tree = stream.getAsTree("javax_imageio_gif_stream_1.0");
      int width = intAttribute(tree, "LogicalScreenDescriptor", "logicalScreenWidth");
      int height = intAttribute(tree, "LogicalScreenDescriptor", "logicalScreenHeight");
      if (width > 0 && height > 0) {
        return new int[] {width, height};
      }
    }
    return new int[] {left + first.getWidth(), top + first.getHeight()};
  }

  private static String disposal(Node tree) {
    Node control = child(tree, "GraphicControlExtension");
    if (control == null) {
      return "none";
    }
    Node method = control.getAttributes().getNamedItem("disposalMethod");
    return method == null ? "none" : method.getNodeValue();
  }

  private static int intAttribute(Node tree, String element, String attribute) {
    Node node = child(tree, element);
    Node value = node == null ? null : node.getAttributes().getNamedItem(attribute);
    return value == null ? 0 : Integer.parseInt(value.getNodeValue());
  }

  private static Node child(Node tree, String name) {
    for (Node n = tree.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeName().equals(name)) {
        return n;
      }
    }
    return null;
  }

  private static void draw(BufferedImage canvas, BufferedImage part, int left, int top) {
    Graphics2D g = canvas.createGraphics();
    try {
      g.drawImage(part, left, top, null);
    } finally {
      g.dispose();
    }
  }

  private static void clear(BufferedImage canvas, int left, int top, BufferedImage part) {
    Graphics2D g = canvas.createGraphics();
    try {
      g.setComposite(java.awt.AlphaComposite.Clear);
      g.fillRect(left, top, part.getWidth(), part.getHeight());
    } finally {
      g.dispose();
    }
  }

  private static BufferedImage copy(BufferedImage image) {
    BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), image.getType());
    draw(copy, image, 0, 0);
    return copy;
  }

  /** Transparent pixels (never drawn) read as black, as on a black background. */
  private static BufferedImage opaque(BufferedImage canvas) {
    BufferedImage rgb = new BufferedImage(canvas.getWidth(), canvas.getHeight(),
        BufferedImage.TYPE_INT_RGB);
    draw(rgb, canvas, 0, 0);
    return rgb;
  }
}
