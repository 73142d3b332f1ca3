package dev.compactfusion.models.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.config.ModelKind;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.SafetensorsFile;
import dev.compactfusion.models.safetensors.SafetensorsWriter;
import dev.compactfusion.models.safetensors.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Tells what a procedural-looking image or clip shows: colour, shape and (for clips) motion
 * direction, as indices in vocabulary order (see {@code models.data}). Used to score generated
 * samples against their prompts.
 */
public final class Classifier implements AutoCloseable {
  private static final int CHUNK = 64;
  private static final String RESOURCES = "dev/compactfusion/models/classify/";

  private final NDManager manager;
  private final ConvNet net;

  Classifier(NDManager manager, ConvNet net) {
    this.manager = manager;
    this.net = net;
  }

  public ClassifierSpec spec() {
    return net.spec();
  }

  ConvNet net() {
    return net;
  }

  /** For each sample, the predicted class of every head (colour, shape[, motion]). */
  public int[][] predict(List<Frames> samples) {
    ClassifierSpec spec = net.spec();
    int[][] out = new int[samples.size()][];
    int plane = spec.channels() * spec.size() * spec.size();
    for (int start = 0; start < samples.size(); start += CHUNK) {
      int n = Math.min(CHUNK, samples.size() - start);
      float[] x = new float[n * plane];
      for (int i = 0; i < n; i++) {
        Frames f = samples.get(start + i);
        if (f.frames() != spec.frames() || f.height() != spec.size() || f.width() != spec.size()) {
          throw new IllegalArgumentException("classifier takes " + spec.frames() + " frame(s) of "
              + spec.size() + "x" + spec.size() + ", got " + f.frames() + " of " + f.height() + "x"
              + f.width());
        }
        Pixels.toChannelsFirst(f, x, i * plane);
      }
      try (NDManager step = manager.newSubManager()) {
        NDArray input = step.create(x, new Shape(n, spec.channels(), spec.size(), spec.size()));
        NDList logits = net.logits(input);
        int[][] argmax = new int[logits.size()][];
        for (int h = 0; h < logits.size(); h++) {
          argmax[h] = logits.get(h).argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
              .toIntArray();
        }
        for (int i = 0; i < n; i++) {
          out[start + i] = new int[logits.size()];
          for (int h = 0; h < logits.size(); h++) {
            out[start + i][h] = argmax[h][i];
          }
        }
      }
    }
    return out;
  }

  /** Writes the weights (fp16 is plenty for argmax) with the spec in the metadata, atomically. */
  public void save(Path file) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    net.params().forEach((k, v) -> tensors.put(k, new Tensor(v.getShape().getShape(), v.toFloatArray())));
    ClassifierSpec spec = net.spec();
    SafetensorsWriter.write(file, tensors, DType.F16, Map.of(
        "channels", Integer.toString(spec.channels()),
        "size", Integer.toString(spec.size()),
        "heads", Arrays.stream(spec.heads()).mapToObj(Integer::toString).collect(Collectors.joining(","))));
  }

  public static Classifier load(Path file) {
    return from(SafetensorsFile.open(file));
  }

  /**
   * The shipped classifier of a model's procedural data: by kind, checked against the model's
   * frame count and size.
   */
  public static Classifier forModel(ModelConfig config) {
    String name = config.kind() == ModelKind.VIDEO ? "shapes-video" : "shapes-image";
    String path = RESOURCES + name + ".safetensors";
    byte[] bytes;
    try (InputStream in = Classifier.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no embedded classifier " + path);
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    Classifier c = from(SafetensorsFile.parse("embedded:" + path,
        ByteBuffer.allocateDirect(bytes.length).put(bytes).flip()));
    ClassifierSpec spec = c.spec();
    if (spec.frames() != config.frames() || spec.size() != config.imageSize()) {
      c.close();
      throw new IllegalArgumentException("the embedded " + name + " classifier takes " + spec.frames()
          + " frame(s) of " + spec.size() + "x" + spec.size() + ", but model " + config.name() + " makes "
          + config.frames() + " of " + config.imageSize() + "x" + config.imageSize()
          + "; pass --classifier FILE trained on this geometry");
    }
    return c;
  }

  private static Classifier from(SafetensorsFile file) {
    Map<String, String> meta = file.metadata();
    ClassifierSpec spec;
    try {
      spec = new ClassifierSpec(Integer.parseInt(meta.get("channels")), Integer.parseInt(meta.get("size")),
          Arrays.stream(meta.get("heads").split(",")).mapToInt(Integer::parseInt).toArray());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file.name() + " is not a classifier file (metadata "
          + meta + ")", e);
    }
    NDManager manager = NDManager.newBaseManager();
    try {
      Map<String, NDArray> params = new LinkedHashMap<>();
      ConvNet.shapes(spec).forEach((name, shape) -> {
        Tensor t = file.tensor(name, shape);
        params.put(name, manager.create(t.data(), new Shape(shape)));
      });
      return new Classifier(manager, new ConvNet(spec, params));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
