package dev.compactfusion.cli;

import dev.compactfusion.codec.cuda.CudaSelfCheck;
import dev.compactfusion.comms.nccl.NcclSmokeTest;
import dev.compactfusion.comms.tcp.TcpSelfTest;
import dev.compactfusion.models.dit.RandomInit;
import dev.compactfusion.perf.codec.ActivationRecorder;
import dev.compactfusion.perf.codec.CodecBench;
import dev.compactfusion.perf.codec.CudaKernelBench;
import dev.compactfusion.perf.codec.ResidualStudy;
import dev.compactfusion.perf.exchange.ExchangeBench;
import dev.compactfusion.perf.fidelity.FidelityTable;
import dev.compactfusion.perf.latency.DitXlStepBench;
import dev.compactfusion.perf.latency.PixartStepBench;
import dev.compactfusion.perf.latency.RandomDitFolder;
import dev.compactfusion.perf.latency.RandomT5Folder;
import dev.compactfusion.perf.latency.T5EncodeBench;
import dev.compactfusion.perf.latency.VaeDecodeBench;
import dev.compactfusion.perf.latency.StepLatencyBench;
import dev.compactfusion.perf.media.FormatFidelity;
import dev.compactfusion.perf.transport.LinkModelCheck;
import dev.compactfusion.perf.transport.TransportBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tools}: the developer studies, benchmarks and self-checks that each module keeps next to
 * the code they exercise, one subcommand per tool. The tools parse their own arguments (as they
 * always have), so this group only names them, describes them and passes the arguments on.
 */
@Command(
    name = "tools",
    mixinStandardHelpOptions = true,
    description = {"Developer tools: studies, benchmarks and self-checks of single parts (codecs, transports, "
        + "kernels, the model). Each takes its arguments as shown by 'compactfusion tools TOOL --help'."},
    commandListHeading = "%nTools:%n")
public final class ToolsCommand implements Callable<Integer> {
  static final List<ToolCommand.Tool> TOOLS = List.of(
      new ToolCommand.Tool("random-init", "Write a random-weight model (model.safetensors, config.json) for a "
          + "config.", "CONFIG_JSON OUT_DIR SEED", RandomInit::run),
      new ToolCommand.Tool("activation-recorder", "Record the keys and values a serial generation feeds its "
          + "attention, one file per layer, call and tensor.",
          "--out DIR [--model NAME|DIR] [--prompt TEXT] [--seed N] [--steps N]", ActivationRecorder::run),
      new ToolCommand.Tool("residual-study", "Why a sign codec wins or loses on recorded activations: one-shot "
          + "errors, scale ratios and receivers' error per residual mode.",
          "[--workers W] [--codecs 1bit,2bit] FILE...", ResidualStudy::run),
      new ToolCommand.Tool("codec-bench", "Codec payload size, error and CPU throughput against a plain copy.",
          "[--tensor FILE]... [--csv FILE] [--quick]", CodecBench::run),
      new ToolCommand.Tool("cuda-kernel-bench", "Throughput of the fused CUDA residual encoders against a device "
          + "copy (SKIP without a CUDA device).", "", CudaKernelBench::run),
      new ToolCommand.Tool("cuda-self-check", "CUDA kernels against the CPU codecs, one PASS/FAIL line per check "
          + "(SKIP without a CUDA device).", "", CudaSelfCheck::run),
      new ToolCommand.Tool("fidelity-table", "PSNR and SSIM of every parallel method against serial over "
          + "prompt x seed pairs.",
          "[--model NAME|DIR] [--pairs 16] [--steps N] [--workers 4] [--warmup 1] [--only SUBSTRING] "
              + "[--rows LABEL,LABEL] [--out FILE.md]",
          FidelityTable::run),
      new ToolCommand.Tool("format-fidelity", "PSNR, SSIM and size of videos written as GIF and MP4 and read back.",
          "", FormatFidelity::run),
      new ToolCommand.Tool("exchange-bench", "The attention exchanges alone (no model): seconds per step, bytes "
          + "and codec/blocked time per transport and variant.",
          "[--workers 4] [--batch 2] [--tokens 256] [--heads 8] [--head-dim 64] [--layers 4] [--steps 4] "
              + "[--repeats 2] [--no-mlp] [--link 100mbit] [--transports local,tcp] [--variants patch,ring+1bit,...] "
              + "[--out FILE.csv]", ExchangeBench::run),
      new ToolCommand.Tool("transport-bench", "Loopback throughput of the tcp backend against a raw socket, and the "
          + "accuracy of emulated link rates.", "[BYTES_PER_SIZE] [SHAPED_SECONDS]", TransportBenchmark::run),
      new ToolCommand.Tool("link-model-check", "Wall-clock all-gather of N workers over tcp through pair, nic and "
          + "shared links of one rate, against the expected ratios N − 1 and N (N − 1).",
          "[WORKERS [BYTES [RUNS [RATE]]]]", LinkModelCheck::run),
      new ToolCommand.Tool("dit-xl-step", "Seconds per guided step of a random-weight DiT-XL/2 from the published "
          + "config, peak RSS, and achieved GFLOP/s against an fp32 matmul measured in the same run.",
          "[256|512 [TIMED_STEPS]]", DitXlStepBench::run),
      new ToolCommand.Tool("pixart-step", "Seconds per guided step of a random-weight PixArt-α from the published "
          + "config (120 text tokens), peak RSS, and achieved GFLOP/s against an fp32 matmul in the same run.",
          "[256|512 [TIMED_STEPS]]", PixartStepBench::run),
      new ToolCommand.Tool("t5-xxl-folder", "Write a T5-v1.1-XXL text-encoder folder with random weights (fp32, "
          + "about 19 GB, sharded as transformers shards it): what t5-encode measures.", "OUT_DIR",
          RandomT5Folder::run),
      new ToolCommand.Tool("t5-encode", "Seconds of one PixArt prompt encode (batch 2 x 120 tokens) by a T5 encoder "
          + "folder, and its anonymous against mapped resident memory.", "ENCODER_DIR [TIMED_ENCODES]",
          T5EncodeBench::run),
      new ToolCommand.Tool("dit-xl-folder", "Write a diffusers DiT-XL/2 folder with random weights (the published "
          + "geometry cut to its first BLOCKS blocks, the sd-vae-ft-ema VAE): what the bench suite runs on.",
          "OUT_DIR [BLOCKS [256|512]]", RandomDitFolder::run),
      new ToolCommand.Tool("vae-decode", "Seconds of a random-weight sd-vae-ft-ema decode, serial and split by rows "
          + "over 2 and 4 worker threads, with each split's pixel error against serial and its bytes.",
          "[RESOLUTION [RUNS [THREADS_PER_WORKER]]]", VaeDecodeBench::run),
      new ToolCommand.Tool("step-latency", "Where a serial denoising step's time goes: forward, attention and "
          + "Java work outside native ops.", "[STEPS [MODEL...]]", StepLatencyBench::run),
      new ToolCommand.Tool("tcp-self-test", "One member of a multi-process check of the tcp backend (run one "
          + "process per member).", "role=coordinator|worker [listen=HOST:PORT world=N | join=HOST:PORT] token=T "
          + "[bytes=N] [timeout-ms=N] [die-rank=R] [bandwidth=100mbit] [latency=5ms]", TcpSelfTest::run),
      new ToolCommand.Tool("nccl-smoke", "World-size-1 NCCL all-gather, broadcast and barrier on a GPU (exit 77: "
          + "NCCL cannot load here).", "", NcclSmokeTest::run));

  @Mixin VerbosityOptions verbosity;

  /** Adds one subcommand per tool to the {@code tools} command line. */
  static void register(CommandLine tools) {
    for (ToolCommand.Tool tool : TOOLS) {
      tools.addSubcommand(tool.name(), ToolCommand.commandLine(tool));
    }
  }

  @Override
  public Integer call() {
    throw new UsageException("no tool given (see 'compactfusion tools --help' for the tools)");
  }
}
