package dev.compactfusion.models.train;

import ai.djl.ndarray.NDArray;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.SafetensorsFile;
import dev.compactfusion.models.safetensors.SafetensorsWriter;
import dev.compactfusion.models.safetensors.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A training run's state after {@code step} updates, as a directory {@code ckpt-NNNNNN} of the run
 * folder. It is also a loadable model: {@code config.json} + {@code model.safetensors} (the EMA
 * weights in fp16, what gets exported), next to the exact fp32 state a resume needs (weights,
 * EMA, Adam moments, losses). The directory is written under a temporary name and renamed, and
 * the {@code LATEST} file names it only afterwards, so a crash never leaves a half checkpoint.
 * RNG state needs no file: every random draw of step s derives from (seed, s).
 */
public final class Checkpoint {
  static final String LATEST = "LATEST";
  private static final String STATE = "state.json";
  private static final String WEIGHTS = "train-weights.safetensors";
  private static final String EMA = "train-ema.safetensors";
  private static final String OPTIMIZER = "train-optimizer.safetensors";
  private static final int KEEP = 2;
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  /** Scalars of a checkpoint; the settings are those the run was started with. */
  record State(int step, long seed, int batch, int totalSteps, double wallSeconds, List<Float> losses) {}

  /** What a resume restores. */
  record Restored(State state, Map<String, Tensor> weights, Map<String, Tensor> ema,
      Map<String, float[]> optimizer) {}

  private Checkpoint() {}

  static Path write(Path runDir, ModelConfig config, State state, Map<String, NDArray> weights,
      Map<String, NDArray> ema, Map<String, NDArray> optimizer) throws IOException {
    String name = String.format("ckpt-%06d", state.step());
    Path tmp = runDir.resolve("." + name + ".tmp");
    deleteTree(tmp);
    Files.createDirectories(tmp);
    Map<String, String> meta = Map.of("model", config.name(), "step", Integer.toString(state.step()),
        "seed", Long.toString(state.seed()));
    SafetensorsWriter.write(tmp.resolve(WEIGHTS), tensors(weights), DType.F32, meta);
    SafetensorsWriter.write(tmp.resolve(EMA), tensors(ema), DType.F32, meta);
    SafetensorsWriter.write(tmp.resolve(OPTIMIZER), tensors(optimizer), DType.F32, meta);
    exportModel(tmp, config, ema, meta);
    Files.writeString(tmp.resolve(STATE), GSON.toJson(state), StandardCharsets.UTF_8);
    Path dir = runDir.resolve(name);
    deleteTree(dir);
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    writeAtomically(runDir.resolve(LATEST), name + "\n");
    pruneOlder(runDir, name);
    return dir;
  }

  /** Writes {@code dir}/config.json and model.safetensors (fp16): a model directory. */
  static void exportModel(Path dir, ModelConfig config, Map<String, NDArray> weights,
      Map<String, String> meta) throws IOException {
    SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors(weights), DType.F16, meta);
    writeAtomically(dir.resolve("config.json"), config.toJson());
  }

  /** The checkpoint {@code LATEST} names, or null when the run folder has none. */
  static Path latest(Path runDir) {
    Path pointer = runDir.resolve(LATEST);
    if (!Files.isRegularFile(pointer)) {
      return null;
    }
    try {
      Path dir = runDir.resolve(Files.readString(pointer, StandardCharsets.UTF_8).strip());
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(pointer + " names " + dir.getFileName()
            + ", which does not exist; delete " + pointer + " to start over");
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pointer, e);
    }
  }

  static Restored read(Path dir) {
    try {
      State state = GSON.fromJson(Files.readString(dir.resolve(STATE), StandardCharsets.UTF_8),
          State.class);
      Map<String, float[]> optimizer = new LinkedHashMap<>();
      all(dir.resolve(OPTIMIZER)).forEach((k, v) -> optimizer.put(k, v.data()));
      return new Restored(state, all(dir.resolve(WEIGHTS)), all(dir.resolve(EMA)), optimizer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + dir, e);
    }
  }

  private static Map<String, Tensor> all(Path file) {
    SafetensorsFile f = SafetensorsFile.open(file);
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (String name : f.names()) {
      out.put(name, f.tensor(name));
    }
    return out;
  }

  private static Map<String, Tensor> tensors(Map<String, NDArray> arrays) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    arrays.forEach((k, v) -> out.put(k, new Tensor(v.getShape().getShape(), v.toFloatArray())));
    return out;
  }

  static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void pruneOlder(Path runDir, String keepNewest) throws IOException {
    List<Path> checkpoints = new ArrayList<>();
    try (Stream<Path> s = Files.list(runDir)) {
      s.filter(p -> p.getFileName().toString().matches("ckpt-\\d{6}"))
          .sorted(Comparator.comparing(Path::toString))
          .forEach(checkpoints::add);
    }
    for (int i = 0; i < checkpoints.size() - KEEP; i++) {
      if (!checkpoints.get(i).getFileName().toString().equals(keepNewest)) {
        deleteTree(checkpoints.get(i));
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
