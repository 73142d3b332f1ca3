package dev.compactfusion.perf.latency;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.compactfusion.models.diffusers.t5.T5Config;
import dev.compactfusion.models.diffusers.t5.T5Manifest;
import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.SafetensorsWriter;
import dev.compactfusion.models.safetensors.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a transformers T5 text-encoder folder ({@code config.json}, sharded fp32 safetensors and
 * {@code model.safetensors.index.json}, the layout of PixArt's {@code text_encoder/}) of
 * google/t5-v1_1-xxl's geometry with random weights, so that the encoder's load and encode can be
 * measured on a file of the real size (about 19 GB) without downloading it. One shard per encoder
 * block keeps the writer's heap to one block (0.8 GB); the published folder uses four shards, which
 * the loader treats the same.
 */
public final class RandomT5Folder {
  /** google/t5-v1_1-xxl's encoder: 24 layers, d_model 4096, 64 heads × 64, d_ff 10240, 32,128 tokens. */
  static final T5Config XXL = new T5Config(24, 4096, 64, 64, 10240, 32128, 32, 128, 1e-6);
  static final String INDEX = "model.safetensors.index.json";

  private RandomT5Folder() {}

  /** {@code tools t5-xxl-folder OUT_DIR}. */
  public static int run(String... args) {
    if (args.length != 1 || args[0].startsWith("-")) {
      System.err.println("usage: t5-xxl-folder OUT_DIR   (writes about 19 GB: the fp32 T5-v1.1-XXL encoder, random)");
      return 2;
    }
    Path out = Path.of(args[0]);
    if (Files.exists(out)) {
      System.err.println("t5-xxl-folder: " + out + " exists; name a new directory");
      return 2;
    }
    long start = System.nanoTime();
    long bytes = write(out, XXL);
    System.out.printf(Locale.ROOT, "wrote %s: random T5-v1.1-XXL encoder, %.2f GB fp32 in %d shards, %.0f s%n", out,
        bytes / 1e9, XXL.layers() + 1, (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /** Writes the folder under a temporary name and renames it to {@code out}; returns the weight bytes. */
  static long write(Path out, T5Config config) {
    Map<String, long[]> shapes = T5Manifest.of(config, false).shapes();
    RandomWeights random = new RandomWeights("random T5-v1.1", shapes);
    List<List<String>> shards = shards(config, shapes);
    Path parent = out.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(parent);
      tmp = Files.createTempDirectory(parent, "." + out.getFileName() + "-");
      Files.writeString(tmp.resolve("config.json"), configJson(config));
      JsonObject weightMap = new JsonObject();
      long total = 0;
      for (int s = 0; s < shards.size(); s++) {
        String file = String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", s + 1, shards.size());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : shards.get(s)) {
          Tensor t = random.tensor(name);
          tensors.put(name, t);
          total += 4L * t.data().length;
          weightMap.addProperty(name, file);
        }
        SafetensorsWriter.write(tmp.resolve(file), tensors, DType.F32, Map.of("format", "pt"));
        System.err.printf(Locale.ROOT, "\rt5-xxl-folder: shard %d/%d", s + 1, shards.size());
      }
      System.err.println();
      JsonObject index = new JsonObject();
      JsonObject metadata = new JsonObject();
      metadata.addProperty("total_size", total);
      index.add("metadata", metadata);
      index.add("weight_map", weightMap);
      Files.writeString(tmp.resolve(INDEX), new GsonBuilder().setPrettyPrinting().create().toJson(index));
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      return total;
    } catch (IOException e) {
      RandomDitFolder.delete(tmp);
      throw new UncheckedIOException("could not write " + out + ": " + e.getMessage(), e);
    }
  }

  /** Shard 0: the embedding and final norm; shard i: block i − 1 (block 0 with the relative-position table). */
  private static List<List<String>> shards(T5Config config, Map<String, long[]> shapes) {
    List<List<String>> shards = new ArrayList<>();
    for (int i = 0; i <= config.layers(); i++) {
      shards.add(new ArrayList<>());
    }
    for (String name : shapes.keySet()) {
      int block = name.startsWith("encoder.block.") ? Integer.parseInt(name.split("\\.")[2]) + 1 : 0;
      shards.get(block).add(name);
    }
    return shards;
  }

  private static String configJson(T5Config c) {
    JsonObject o = new JsonObject();
    JsonArray architectures = new JsonArray();
    architectures.add("T5EncoderModel");
    o.add("architectures", architectures);
    o.addProperty("model_type", "t5");
    o.addProperty("d_model", c.width());
    o.addProperty("d_kv", c.headDim());
    o.addProperty("d_ff", c.ffWidth());
    o.addProperty("num_heads", c.heads());
    o.addProperty("num_layers", c.layers());
    o.addProperty("vocab_size", c.vocab());
    o.addProperty("relative_attention_num_buckets", c.buckets());
    o.addProperty("relative_attention_max_distance", c.maxDistance());
    o.addProperty("layer_norm_epsilon", c.eps());
    o.addProperty("feed_forward_proj", "gated-gelu");
    o.addProperty("dense_act_fn", "gelu_new");
    o.addProperty("is_gated_act", true);
    o.addProperty("torch_dtype", "float32");
    return new GsonBuilder().setPrettyPrinting().create().toJson(o);
  }
}
