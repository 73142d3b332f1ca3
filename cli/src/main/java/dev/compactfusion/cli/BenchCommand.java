package dev.compactfusion.cli;

import dev.compactfusion.perf.sim.Anchors;
import dev.compactfusion.perf.sim.Calibration;
import dev.compactfusion.perf.sim.Calibrator;
import dev.compactfusion.perf.sim.Hardware;
import dev.compactfusion.perf.sim.Presets;
import dev.compactfusion.perf.sim.Simulation;
import dev.compactfusion.perf.sim.SimulationReport;
import dev.compactfusion.perf.sim.Workload;
import dev.compactfusion.perf.sim.method.Methods;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: method latencies. With {@code --simulate} the cost model predicts them for GPU
 * machines this project cannot run on; real runs are a later addition to this command.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Compare parallel methods' latency.",
        "--simulate: predict per-image latency on GPU machines with the calibrated cost model "
            + "(tables are marked MODELLED); writes results.json/.csv/.md to --out."})
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--simulate", description = "Use the cost model instead of running (required for now).")
  boolean simulate;

  @Option(names = "--model-preset", defaultValue = "flux-1024",
      description = "Model preset: flux-1024, cogvideox-2b, pixart-1024 (default: ${DEFAULT-VALUE}).")
  String modelPreset;

  @Option(names = "--hardware", split = ",", defaultValue = "l20-pcie",
      description = "Machine presets, comma-separated: l20-pcie, h20-nvlink, h100-nvlink, l20-eth1g, "
          + "l20-eth10g, l20-eth25g, or all (default: ${DEFAULT-VALUE}).")
  List<String> hardware;

  @Option(names = "--workers", defaultValue = "4", description = "GPUs per machine (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--methods", split = ",",
      description = "Methods, comma-separated (default: serial, ring, ulysses, usp, patch, distrifusion, "
          + "pipefusion, compact-1bit, compact-2bit, compact-lowrank12).")
  List<String> methods;

  @Option(names = "--out", description = "Output directory (default: bench-sim-<timestamp>).")
  Path out;

  @Option(names = "--refit", description = "Refit the calibration against the published 4×L20 PCIe FLUX "
      + "latencies and use it, printing it next to the committed one.")
  boolean refit;

  @Option(names = "--verbose", description = "Print stack traces on failure.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    if (!simulate) {
      throw new UsageException("real benchmark runs are not available yet: use --simulate");
    }
    if (workers < 1) {
      throw new UsageException("--workers must be at least 1, got " + workers);
    }
    Workload workload = Presets.named(Presets.workloads(), "model", modelPreset);
    List<Hardware> machines = new ArrayList<>();
    for (String name : hardware) {
      if (name.equals("all")) {
        machines.addAll(Presets.hardware().values());
      } else {
        machines.add(Presets.named(Presets.hardware(), "hardware", name));
      }
    }
    List<String> methodNames = methods == null ? Methods.DEFAULT : methods;
    Methods.byNames(methodNames);

    PrintWriter stdout = spec.commandLine().getOut();
    Calibration calibration = Calibration.FITTED;
    if (refit) {
      Hardware l20 = Presets.hardware().get("l20-pcie");
      Calibrator.Fit fit = Calibrator.fit(Presets.workloads().get(Anchors.WORKLOAD), l20, Anchors.WORKERS,
          Anchors.published(l20.name()));
      calibration = fit.calibration();
      stdout.printf(Locale.ROOT, "refitted calibration: %s (loss %.5f)%ncommitted calibration: %s%n%n",
          calibration, fit.loss(), Calibration.FITTED);
    }

    Simulation.Result result = Simulation.run(workload, machines, workers, methodNames, calibration);
    if (result.rows().isEmpty()) {
      throw new UsageException("none of the methods can run here: " + result.skipped().get(0).reason());
    }
    SimulationReport report = new SimulationReport(result, calibration);
    Path dir = out != null ? out
        : Path.of("bench-sim-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    report.write(dir);
    stdout.print(report.markdown());
    stdout.println("wrote " + dir.resolve("results.json") + ", results.csv, results.md");
    stdout.flush();
    return 0;
  }
}
