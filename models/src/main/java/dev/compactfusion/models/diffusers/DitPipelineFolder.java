package dev.compactfusion.models.diffusers;

import ai.djl.Device;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.format.ConfigFile;
import dev.compactfusion.models.diffusers.scheduler.SchedulerConfig;
import dev.compactfusion.models.diffusers.transformer.DitConfig;
import dev.compactfusion.models.diffusers.transformer.DitTransformer;
import dev.compactfusion.models.diffusers.vae.VaeConfig;
import dev.compactfusion.models.diffusers.vae.VaeDecoder;
import dev.compactfusion.models.dit.StagePart;
import dev.compactfusion.models.safetensors.TensorStore;
import java.nio.file.Path;
import java.util.List;

/**
 * A diffusers DiTPipeline folder (facebook/DiT-XL-2-256 and -512 layout): {@code model_index.json},
 * {@code transformer/}, {@code vae/} and {@code scheduler/}. Opening reads and checks the configs;
 * weights are opened (memory-mapped, single file or sharded) and checked tensor by tensor against
 * the configs when a component is loaded.
 */
public final class DitPipelineFolder {
  private final Path dir;
  private final DitConfig transformer;
  private final VaeConfig vae;
  private final SchedulerConfig scheduler;

  private DitPipelineFolder(Path dir, DitConfig transformer, VaeConfig vae, SchedulerConfig scheduler) {
    this.dir = dir;
    this.transformer = transformer;
    this.vae = vae;
    this.scheduler = scheduler;
  }

  /** Reads the folder's configs; a folder of another pipeline family is a one-line error. */
  public static DitPipelineFolder open(Path dir) {
    PipelineIndex.read(dir, "DiTPipeline", List.of("transformer", "vae", "scheduler"));
    DitConfig t = DitConfig.read(ConfigFile.read(dir.resolve("transformer").resolve("config.json")));
    VaeConfig v = VaeConfig.read(ConfigFile.read(dir.resolve("vae").resolve("config.json")));
    SchedulerConfig s = SchedulerConfig.read(ConfigFile.read(dir.resolve("scheduler").resolve("scheduler_config.json")));
    if (v.latentChannels() != t.inChannels()) {
      throw new CheckpointException(dir + ": the VAE has " + v.latentChannels() + " latent channels, the transformer "
          + t.inChannels() + " input channels");
    }
    return new DitPipelineFolder(dir, t, v, s);
  }

  public Path dir() {
    return dir;
  }

  public DitConfig transformerConfig() {
    return transformer;
  }

  public VaeConfig vaeConfig() {
    return vae;
  }

  public SchedulerConfig schedulerConfig() {
    return scheduler;
  }

  /** The transformer's weights, opened but not yet checked against the config. */
  public TensorStore transformerWeights() {
    return weights("transformer");
  }

  public TensorStore vaeWeights() {
    return weights("vae");
  }

  public DitTransformer loadTransformer() {
    return loadTransformer(StagePart.whole(transformer.layers()));
  }

  /** Only {@code part} of the transformer (a pipeline stage's blocks); the other blocks are never read. */
  public DitTransformer loadTransformer(StagePart part) {
    return loadTransformer(part, Device.cpu());
  }

  /** As {@link #loadTransformer(StagePart)}, with the weights on {@code device}. */
  public DitTransformer loadTransformer(StagePart part, Device device) {
    return DitTransformer.load(transformer, transformerWeights(), part, device);
  }

  public VaeDecoder loadVae() {
    return loadVae(Device.cpu());
  }

  public VaeDecoder loadVae(Device device) {
    return VaeDecoder.load(vae, vaeWeights(), device);
  }

  private TensorStore weights(String component) {
    return ComponentWeights.open(dir.resolve(component), ComponentWeights.DIFFUSERS);
  }
}
