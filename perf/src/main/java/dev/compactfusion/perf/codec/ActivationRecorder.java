package dev.compactfusion.perf.codec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.generate.Generator;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.registry.EmbeddedModels;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.sampling.EulerSampler;
import dev.compactfusion.models.sampling.GuidedVelocity;
import dev.compactfusion.models.sampling.Schedule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records the keys and values a serial generation feeds its attention, one
 * {@link RecordedActivations} file per layer, attention call within a step (guidance may call the
 * model more than once) and tensor, as tokens x (heads * headDim) per step, the matrices the
 * residual streams compress. Usage: ActivationRecorder --out DIR [--model NAME|DIR]
 * [--prompt TEXT] [--seed N] [--steps N].
 */
public final class ActivationRecorder {
  private ActivationRecorder() {}

  public static int run(String... args) throws IOException {
    String model = EmbeddedModels.DEFAULT;
    String prompt = null;
    long seed = 0;
    Integer steps = null;
    Path out = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--model" -> model = args[i + 1];
        case "--prompt" -> prompt = args[i + 1];
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--steps" -> steps = Integer.parseInt(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; usage: compactfusion tools activation-recorder --out DIR [--model NAME|DIR] [--prompt TEXT] [--seed N] [--steps N]");
      }
    }
    if (out == null || args.length % 2 != 0) {
      throw new IllegalArgumentException("usage: compactfusion tools activation-recorder --out DIR [--model NAME|DIR] [--prompt TEXT] [--seed N] [--steps N]");
    }
    Map<String, List<float[]>> streams = new TreeMap<>();
    int[] shape = new int[2];
    try (DiT dit = DiT.load(ModelSource.resolve(model))) {
      ModelConfig c = dit.config();
      String text = prompt != null ? prompt : String.join(" ",
          c.vocabulary().attributes().stream().map(a -> a.words().get(0)).toList());
      Condition cond = c.vocabulary().parse(text);
      TokenRange all = new TokenRange(0, c.tokens());
      Map<Integer, Integer> callsThisStep = new HashMap<>();
      int[] currentStep = {-1};
      Attention recording = in -> {
        if (in.step() != currentStep[0]) {
          callsThisStep.clear();
          currentStep[0] = in.step();
        }
        int call = callsThisStep.merge(in.layer(), 1, Integer::sum) - 1;
        record(streams, shape, in.layer(), call, "k", in.k());
        record(streams, shape, in.layer(), call, "v", in.v());
        return ExactAttention.softmaxAttention(in.q(), in.k(), in.v());
      };
      GuidedVelocity field = new GuidedVelocity(
          (x, t, conds, step) -> dit.velocity(x, all, x.getManager().full(new Shape(x.getShape().get(0)), t),
              conds, recording, step),
          cond, Condition.unconditional(cond.attributes()), c.sampler().guidance());
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray noise = manager.create(Generator.initialNoise(c, seed), new Shape(1, c.tokens(), c.patchDim()));
        EulerSampler.sample(noise, Schedule.linear(steps == null ? c.sampler().steps() : steps), field, (d, t) -> {});
      }
    }
    Files.createDirectories(out);
    for (Map.Entry<String, List<float[]>> e : streams.entrySet()) {
      write(out.resolve(e.getKey() + ".f32"), e.getValue(), shape[0], shape[1]);
    }
    System.out.println("wrote " + streams.size() + " files of " + shape[0] + "x" + shape[1] + " to " + out);
    return 0;
  }

  /** [batch, heads, tokens, headDim] → one tokens x (heads·headDim) matrix per batch element. */
  private static void record(Map<String, List<float[]>> streams, int[] shape, int layer, int call, String tensor,
      NDArray t) {
    long[] s = t.getShape().getShape();
    int batch = (int) s[0];
    int size = (int) (s[1] * s[2] * s[3]);
    float[] a = t.transpose(0, 2, 1, 3).toFloatArray();
    shape[0] = (int) s[2];
    shape[1] = (int) (s[1] * s[3]);
    for (int b = 0; b < batch; b++) {
      float[] m = new float[size];
      System.arraycopy(a, b * size, m, 0, size);
      String name = String.format("layer%02d-call%d-%s", layer, call * batch + b, tensor);
      streams.computeIfAbsent(name, k -> new ArrayList<>()).add(m);
    }
  }

  private static void write(Path file, List<float[]> steps, int tokens, int channels) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(12 + 4 * steps.size() * tokens * channels).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(steps.size()).putInt(tokens).putInt(channels);
    for (float[] m : steps) {
      for (float v : m) {
        buf.putFloat(v);
      }
    }
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.write(tmp, buf.array());
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
