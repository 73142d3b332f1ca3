package dev.compactfusion.perf.latency;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.compactfusion.models.diffusers.transformer.DitConfig;
import dev.compactfusion.models.diffusers.transformer.DitManifest;
import dev.compactfusion.models.diffusers.vae.AttentionKeys;
import dev.compactfusion.models.diffusers.vae.VaeConfig;
import dev.compactfusion.models.diffusers.vae.VaeManifest;
import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.SafetensorsWriter;
import dev.compactfusion.models.safetensors.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a diffusers DiTPipeline folder of facebook/DiT-XL-2-256's (or -512's) geometry with random
 * weights: the published transformer config (1152 wide, 16 heads × 72, patch 2) cut to its first
 * {@code blocks} blocks, the sd-vae-ft-ema VAE and a DDIM scheduler. Compute and bytes per block
 * are the real model's, so the compute : communication ratio of a parallel run is too; what a run
 * on it draws means nothing. The benchmarks run on it because no weights can be downloaded here.
 */
public final class RandomDitFolder {
  /** The real model's depth: a folder of more blocks is not DiT-XL/2. */
  public static final int FULL_DEPTH = 28;

  private RandomDitFolder() {}

  /** {@code tools dit-xl-folder OUT_DIR [BLOCKS [RESOLUTION]]}. */
  public static int run(String... args) {
    if (args.length < 1 || args.length > 3 || args[0].startsWith("-")) {
      System.err.println("usage: dit-xl-folder OUT_DIR [BLOCKS (1.." + FULL_DEPTH + ", default " + FULL_DEPTH
          + ") [256|512]]");
      return 2;
    }
    int blocks;
    int resolution;
    try {
      blocks = args.length > 1 ? Integer.parseInt(args[1]) : FULL_DEPTH;
      resolution = args.length > 2 ? Integer.parseInt(args[2]) : 256;
      check(blocks, resolution);
    } catch (IllegalArgumentException e) {
      System.err.println("dit-xl-folder: " + e.getMessage());
      return 2;
    }
    Path out = Path.of(args[0]);
    if (Files.exists(out)) {
      System.err.println("dit-xl-folder: " + out + " exists; name a new directory");
      return 2;
    }
    write(out, blocks, resolution);
    System.out.println("wrote " + out + ": random DiT-XL/2-" + resolution + " geometry, " + blocks + " of "
        + FULL_DEPTH + " blocks, sd-vae-ft-ema VAE");
    return 0;
  }

  private static void check(int blocks, int resolution) {
    if (blocks < 1 || blocks > FULL_DEPTH) {
      throw new IllegalArgumentException("BLOCKS must be 1.." + FULL_DEPTH + ", got " + blocks);
    }
    if (resolution != 256 && resolution != 512) {
      throw new IllegalArgumentException("RESOLUTION must be 256 or 512 (the published models), got " + resolution);
    }
  }

  /** The transformer config of the published model with only its first {@code blocks} blocks. */
  public static DitConfig config(int blocks, int resolution) {
    check(blocks, resolution);
    return new DitConfig(blocks, 16, 72, 4, 8, 2, resolution / 8, 1000, 1e-5);
  }

  /** Writes the folder under a temporary name, then renames it to {@code out} (which must not exist). */
  public static Path write(Path out, int blocks, int resolution) {
    DitConfig dit = config(blocks, resolution);
    VaeConfig vae = VaeDecodeBench.sdVae();
    Path parent = out.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(parent);
      tmp = Files.createTempDirectory(parent, "." + out.getFileName() + "-");
      json(tmp.resolve("model_index.json"), modelIndex());
      json(tmp.resolve("transformer/config.json"), transformerConfig(dit));
      weights(tmp.resolve("transformer/diffusion_pytorch_model.safetensors"),
          new RandomWeights("random DiT-XL/2", DitManifest.of(dit).shapes(), DitXlStepBench::withoutBlockIndex));
      json(tmp.resolve("vae/config.json"), vaeConfig(vae, resolution));
      weights(tmp.resolve("vae/diffusion_pytorch_model.safetensors"),
          new RandomWeights("random sd-vae-ft-ema", VaeManifest.of(vae, AttentionKeys.LEGACY).shapes()));
      json(tmp.resolve("scheduler/scheduler_config.json"), schedulerConfig());
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      return out;
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("could not write " + out + ": " + e.getMessage(), e);
    }
  }

  /** Removes a folder this class wrote (the suite's temporary model). */
  public static void delete(Path dir) {
    deleteQuietly(dir);
  }

  private static void weights(Path file, RandomWeights weights) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (String name : weights.names()) {
      tensors.put(name, weights.tensor(name));
    }
    SafetensorsWriter.write(file, tensors, DType.F32, Map.of("format", "pt"));
  }

  private static JsonObject modelIndex() {
    JsonObject index = new JsonObject();
    index.addProperty("_class_name", "DiTPipeline");
    JsonObject labels = new JsonObject();
    // A few ImageNet labels, so that prompts work as on the real folder (the weights know none).
    labels.addProperty("0", "tench, Tinca tinca");
    labels.addProperty("207", "golden retriever");
    labels.addProperty("360", "otter");
    index.add("id2label", labels);
    index.add("scheduler", pair("diffusers", "DDIMScheduler"));
    index.add("transformer", pair("diffusers", "Transformer2DModel"));
    index.add("vae", pair("diffusers", "AutoencoderKL"));
    return index;
  }

  private static JsonObject transformerConfig(DitConfig c) {
    JsonObject o = new JsonObject();
    o.addProperty("_class_name", "Transformer2DModel");
    o.addProperty("activation_fn", "gelu-approximate");
    o.addProperty("attention_bias", true);
    o.addProperty("attention_head_dim", c.headDim());
    o.addProperty("in_channels", c.inChannels());
    o.addProperty("norm_elementwise_affine", false);
    o.addProperty("norm_type", "ada_norm_zero");
    o.addProperty("num_attention_heads", c.heads());
    o.addProperty("num_embeds_ada_norm", c.classes());
    o.addProperty("num_layers", c.layers());
    o.addProperty("out_channels", c.outChannels());
    o.addProperty("patch_size", c.patchSize());
    o.addProperty("sample_size", c.sampleSize());
    return o;
  }

  private static JsonObject vaeConfig(VaeConfig v, int resolution) {
    JsonObject o = new JsonObject();
    o.addProperty("_class_name", "AutoencoderKL");
    o.addProperty("act_fn", "silu");
    JsonArray widths = new JsonArray();
    JsonArray down = new JsonArray();
    JsonArray up = new JsonArray();
    for (int w : v.blockOutChannels()) {
      widths.add(w);
      down.add("DownEncoderBlock2D");
      up.add("UpDecoderBlock2D");
    }
    o.add("block_out_channels", widths);
    o.add("down_block_types", down);
    o.add("up_block_types", up);
    o.addProperty("in_channels", v.inChannels());
    o.addProperty("out_channels", v.outChannels());
    o.addProperty("latent_channels", v.latentChannels());
    o.addProperty("layers_per_block", v.layersPerBlock());
    o.addProperty("norm_num_groups", v.groups());
    o.addProperty("sample_size", resolution);
    o.addProperty("scaling_factor", v.scalingFactor());
    return o;
  }

  /** DDIM as the published folders ship it. */
  private static JsonObject schedulerConfig() {
    JsonObject o = new JsonObject();
    o.addProperty("_class_name", "DDIMScheduler");
    o.addProperty("beta_end", 0.02);
    o.addProperty("beta_schedule", "linear");
    o.addProperty("beta_start", 0.0001);
    o.addProperty("clip_sample", false);
    o.addProperty("num_train_timesteps", 1000);
    o.addProperty("set_alpha_to_one", true);
    o.addProperty("steps_offset", 0);
    return o;
  }

  private static JsonArray pair(String library, String cls) {
    JsonArray a = new JsonArray();
    a.add(library);
    a.add(cls);
    return a;
  }

  private static void json(Path file, JsonObject o) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n", StandardCharsets.UTF_8);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Best effort: a left-over temporary model is only disk space, and its name says what it is.
    }
  }
}
